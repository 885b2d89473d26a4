/// Why a payload, topic or value was rejected. Every case names the offending field (a dotted coding
/// path such as `position.lat` or `assignment.pickup.lon`) so counters and logs can say exactly what was wrong.
public enum ProtocolError: Error, Equatable, Hashable, Sendable {
    /// The payload exceeds ``FleetCodec/maxPayloadBytes``; it was not parsed.
    case payloadTooLarge(size: Int, limit: Int)
    /// Not valid UTF-8 or not syntactically valid JSON (e.g. truncated).
    case malformedJSON(detail: String)
    /// A required field is absent.
    case missingField(path: String)
    /// A field is present but has the wrong JSON type (or is null).
    case wrongType(path: String, expected: String)
    /// The `"v"` field is not a version this build speaks.
    case unsupportedVersion(found: Int)
    /// A field has the right type but an unacceptable value (out of range, NaN, empty id...).
    case invalidValue(path: String, reason: String)
    /// A discriminator (`type`, `kind`) or enumerated field carries a value this build does not know.
    case unknownKind(field: String, value: String)
    /// The payload is a valid message of another type than the one expected on this topic.
    case messageTypeMismatch(expected: String, found: String)
    /// A topic string does not follow the fleet topic layout.
    case invalidTopic(topic: String, reason: String)
}

extension ProtocolError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .payloadTooLarge(size, limit): "payload of \(size) bytes exceeds limit of \(limit)"
        case let .malformedJSON(detail): "malformed JSON: \(detail)"
        case let .missingField(path): "missing field '\(path)'"
        case let .wrongType(path, expected): "field '\(path)' has wrong type, expected \(expected)"
        case let .unsupportedVersion(found): "unsupported protocol version \(found)"
        case let .invalidValue(path, reason): "invalid value for '\(path)': \(reason)"
        case let .unknownKind(field, value): "unknown \(field) '\(value)'"
        case let .messageTypeMismatch(expected, found): "expected message type '\(expected)', found '\(found)'"
        case let .invalidTopic(topic, reason): "invalid topic '\(topic)': \(reason)"
        }
    }

    /// A short stable label for metrics (`reason` label of a rejected-message counter).
    public var metricLabel: String {
        switch self {
        case .payloadTooLarge: "payload_too_large"
        case .malformedJSON: "malformed_json"
        case .missingField: "missing_field"
        case .wrongType: "wrong_type"
        case .unsupportedVersion: "unsupported_version"
        case .invalidValue: "invalid_value"
        case .unknownKind: "unknown_kind"
        case .messageTypeMismatch: "message_type_mismatch"
        case .invalidTopic: "invalid_topic"
        }
    }
}
