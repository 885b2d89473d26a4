/// Why a signing key could not be used or a frame could not be signed.
public enum MAVLinkSigningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key does not have 32 bytes.
    case keyLength(Int)
    /// Every key byte is zero, which autopilots read as "signing disabled".
    case allZeroKey
    /// The key text is neither 64 hex digits nor base64.
    case keyEncoding
    /// The key file could not be read.
    case keyFileUnreadable(path: String, reason: String)
    /// Only complete MAVLink 2 frames with a known id can be signed.
    case notSignable(reason: String)

    public var description: String {
        switch self {
        case .keyLength(let count): "signing key must be 32 bytes, got \(count)"
        case .allZeroKey: "signing key is all zeros (that means signing disabled)"
        case .keyEncoding: "signing key must be 64 hex digits or base64 of 32 bytes"
        case let .keyFileUnreadable(path, reason): "cannot read signing key file \(path): \(reason)"
        case .notSignable(let reason): "cannot sign frame: \(reason)"
        }
    }
}
