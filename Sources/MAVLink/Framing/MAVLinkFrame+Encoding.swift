extension MAVLinkFrame {
    /// Length of a MAVLink 2 header including the start marker.
    static let v2HeaderLength = 10
    /// Length of a MAVLink 1 header including the start marker.
    static let v1HeaderLength = 6

    /// Encodes `message` as an unsigned MAVLink 2 frame, truncating trailing zero payload bytes.
    public static func encode(
        _ message: some MAVLinkMessage,
        systemID: UInt8,
        componentID: UInt8,
        sequence: UInt8
    ) -> [UInt8] {
        var buffer: [UInt8] = []
        encode(message, systemID: systemID, componentID: componentID, sequence: sequence, into: &buffer)
        return buffer
    }

    /// Appends the MAVLink 2 frame of `message` to `buffer`, so a sender can reuse one buffer.
    public static func encode<M: MAVLinkMessage>(
        _ message: M,
        systemID: UInt8,
        componentID: UInt8,
        sequence: UInt8,
        into buffer: inout [UInt8]
    ) {
        let start = buffer.count
        buffer.reserveCapacity(start + v2HeaderLength + M.maxPayloadLength + 2)
        buffer.append(contentsOf: [
            v2Magic, 0, 0, 0, sequence, systemID, componentID,
            UInt8(truncatingIfNeeded: M.messageID),
            UInt8(truncatingIfNeeded: M.messageID >> 8),
            UInt8(truncatingIfNeeded: M.messageID >> 16),
        ])
        let payloadStart = buffer.count
        message.encodePayload(into: &buffer)
        // MAVLink 2 truncation: trailing zeros are dropped, but at least one byte stays.
        while buffer.count > payloadStart + 1, buffer[buffer.count - 1] == 0 {
            buffer.removeLast()
        }
        buffer[start + 1] = UInt8(buffer.count - payloadStart)
        let crc = MAVLinkCRC.checksum(buffer[(start + 1)...], crcExtra: M.crcExtra)
        buffer.append(UInt8(truncatingIfNeeded: crc))
        buffer.append(UInt8(truncatingIfNeeded: crc >> 8))
    }

    /// The frame's bytes as they go on the wire (v1 or v2, with the signature if present).
    ///
    /// The checksum is recomputed from the registered CRC_EXTRA; unknown ids throw.
    public func serialized() throws(MAVLinkError) -> [UInt8] {
        guard let crcExtra = MAVLinkMessageSet.crcExtra(for: messageID) else {
            throw .unknownMessage(id: messageID)
        }
        guard payload.count <= Int(UInt8.max) else {
            throw .payloadTooLong(messageID: messageID, length: payload.count, maxLength: Int(UInt8.max))
        }
        var bytes: [UInt8]
        switch version {
        case .v1:
            bytes = [
                Self.v1Magic, UInt8(payload.count), sequence, systemID, componentID,
                UInt8(truncatingIfNeeded: messageID),
            ]
        case .v2:
            bytes = [
                Self.v2Magic, UInt8(payload.count), incompatFlags, compatFlags, sequence, systemID, componentID,
                UInt8(truncatingIfNeeded: messageID), UInt8(truncatingIfNeeded: messageID >> 8),
                UInt8(truncatingIfNeeded: messageID >> 16),
            ]
        }
        bytes.append(contentsOf: payload)
        let crc = MAVLinkCRC.checksum(bytes.dropFirst(), crcExtra: crcExtra)
        bytes.append(UInt8(truncatingIfNeeded: crc))
        bytes.append(UInt8(truncatingIfNeeded: crc >> 8))
        if version == .v2, isSigned, let signature {
            bytes.append(contentsOf: signature)
        }
        return bytes
    }
}
