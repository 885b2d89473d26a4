/// One MAVLink frame as received: header fields and the payload exactly as on the wire (MAVLink 2
/// payloads may be truncated; decoding zero-extends them).
public struct MAVLinkFrame: Sendable, Hashable {
    /// Wire protocol version of a frame.
    public enum Version: UInt8, Sendable, Hashable {
        /// MAVLink 1: STX 0xFE, 8-bit message id, no truncation, no signing.
        case v1 = 1
        /// MAVLink 2: STX 0xFD, 24-bit message id, truncated payloads, optional signature.
        case v2 = 2
    }

    /// Start-of-frame marker of MAVLink 2.
    public static let v2Magic: UInt8 = 0xFD
    /// Start-of-frame marker of MAVLink 1.
    public static let v1Magic: UInt8 = 0xFE
    /// `incompatFlags` bit telling that a 13-byte signature follows the checksum.
    public static let incompatFlagSigned: UInt8 = 0x01
    /// Length of the signature block of a signed frame.
    public static let signatureLength = 13

    public var version: Version
    public var sequence: UInt8
    public var systemID: UInt8
    public var componentID: UInt8
    public var messageID: UInt32
    /// Payload bytes as received (not zero-extended).
    public var payload: [UInt8]
    public var incompatFlags: UInt8
    public var compatFlags: UInt8
    /// The 13-byte signature block of a signed frame (link id, timestamp, signature); a
    /// `MAVLinkSignatureVerifier` checks it.
    public var signature: [UInt8]?

    public init(
        version: Version = .v2,
        sequence: UInt8,
        systemID: UInt8,
        componentID: UInt8,
        messageID: UInt32,
        payload: [UInt8],
        incompatFlags: UInt8 = 0,
        compatFlags: UInt8 = 0,
        signature: [UInt8]? = nil
    ) {
        self.version = version
        self.sequence = sequence
        self.systemID = systemID
        self.componentID = componentID
        self.messageID = messageID
        self.payload = payload
        self.incompatFlags = incompatFlags
        self.compatFlags = compatFlags
        self.signature = signature
    }

    /// Whether the sender signed the frame.
    public var isSigned: Bool { incompatFlags & Self.incompatFlagSigned != 0 }

    /// Decodes the payload with the generated type registered for `messageID`.
    public func decode() throws(MAVLinkError) -> any MAVLinkMessage {
        guard let type = MAVLinkMessageSet.messageType(for: messageID) else {
            throw .unknownMessage(id: messageID)
        }
        return try type.init(payload: payload)
    }

    /// Decodes the payload as `type`, failing if the frame carries another message.
    public func decode<M: MAVLinkMessage>(as type: M.Type) throws(MAVLinkError) -> M {
        guard messageID == M.messageID else {
            throw .messageMismatch(expected: M.messageID, actual: messageID)
        }
        return try M(payload: payload)
    }
}
