/// Why a MAVLink payload or frame could not be decoded or encoded.
public enum MAVLinkError: Error, Sendable, Equatable {
    /// The payload is longer than the message's full length: a corrupt frame or another dialect.
    case payloadTooLong(messageID: UInt32, length: Int, maxLength: Int)
    /// No generated type exists for this id.
    case unknownMessage(id: UInt32)
    /// `decode(as:)` was asked for a type whose id differs from the frame's.
    case messageMismatch(expected: UInt32, actual: UInt32)
}
