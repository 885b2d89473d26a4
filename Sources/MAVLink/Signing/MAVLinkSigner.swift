/// Signs outgoing MAVLink 2 frames of one link.
///
/// The timestamp never goes back: each frame gets max(wall clock, previous + 1), as the C library's
/// `mavlink_sign_packet` increments `signing->timestamp` per packet, so a receiver's replay check
/// (strictly increasing per stream) accepts every frame even when many leave within 10 µs.
public struct MAVLinkSigner: Sendable {
    public let key: MAVLinkSigningKey
    public let linkID: UInt8
    /// Timestamp of the last frame signed.
    public private(set) var lastTimestamp: UInt64 = 0

    public init(key: MAVLinkSigningKey, linkID: UInt8 = 0) {
        self.key = key
        self.linkID = linkID
    }

    /// Turns the unsigned MAVLink 2 frame in `buffer[start...]` into a signed one in place: sets the
    /// signed incompatibility flag, recomputes the checksum (the flag is under it) and appends the
    /// 13-byte signature block.
    public mutating func sign(
        _ buffer: inout [UInt8], frameStart start: Int, now: UInt64 = MAVLinkSignature.timestamp()
    )
        throws(MAVLinkSigningError)
    {
        let header = MAVLinkFrame.v2HeaderLength
        guard start >= 0, buffer.count - start >= header + 2, buffer[start] == MAVLinkFrame.v2Magic else {
            throw .notSignable(reason: "not a MAVLink 2 frame")
        }
        guard buffer[start + 2] & MAVLinkFrame.incompatFlagSigned == 0 else {
            throw .notSignable(reason: "already signed")
        }
        let length = Int(buffer[start + 1])
        guard buffer.count - start == header + length + 2 else {
            throw .notSignable(reason: "buffer holds \(buffer.count - start) bytes, frame needs \(header + length + 2)")
        }
        let messageID = UInt32(buffer[start + 7]) | UInt32(buffer[start + 8]) << 8 | UInt32(buffer[start + 9]) << 16
        guard let crcExtra = MAVLinkMessageSet.crcExtra(for: messageID) else {
            throw .notSignable(reason: "unknown message id \(messageID)")
        }
        buffer[start + 2] |= MAVLinkFrame.incompatFlagSigned
        let crcAt = start + header + length
        let crc = MAVLinkCRC.checksum(buffer[(start + 1)..<crcAt], crcExtra: crcExtra)
        buffer[crcAt] = UInt8(truncatingIfNeeded: crc)
        buffer[crcAt + 1] = UInt8(truncatingIfNeeded: crc >> 8)
        let timestamp = min(max(now, lastTimestamp + 1), MAVLinkSignature.maxTimestamp)
        lastTimestamp = timestamp
        let signature = MAVLinkSignature.compute(
            key: key, frame: buffer[start...], linkID: linkID, timestamp: timestamp)
        buffer.append(linkID)
        for i in 0..<6 { buffer.append(UInt8(truncatingIfNeeded: timestamp >> (8 * UInt64(i)))) }
        buffer.append(contentsOf: signature)
    }
}
