import MAVLink

/// A field value in the form `Tests/python/mavlink_crosscheck.py` writes: exact across languages
/// ("i:<int>", "f:<float32 bits>", "d:<float64 bits>", "s:<text>", or a list of those).
enum CanonicalValue: Codable, Equatable, CustomStringConvertible {
    case scalar(String)
    case array([String])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .scalar(text)
        } else {
            self = .array(try container.decode([String].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .scalar(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        }
    }

    var description: String {
        switch self {
        case .scalar(let text): text
        case .array(let items): "\(items)"
        }
    }

    /// Every field of `message`, keyed by its XML name, read through reflection so this check does
    /// not reuse any of the codec's own field code.
    static func fields(of message: any MAVLinkMessage) -> [String: CanonicalValue] {
        let xmlNames = Dictionary(uniqueKeysWithValues: type(of: message).fields.map { (camelCase($0.name), $0.name) })
        var result: [String: CanonicalValue] = [:]
        for child in Mirror(reflecting: message).children {
            guard let label = child.label, let name = xmlNames[label] else { continue }
            if let items = child.value as? [Any] {
                result[name] = .array(items.map(scalar))
            } else {
                result[name] = .scalar(scalar(child.value))
            }
        }
        return result
    }

    private static func scalar(_ value: Any) -> String {
        switch value {
        case let v as UInt8: "i:\(v)"
        case let v as Int8: "i:\(v)"
        case let v as UInt16: "i:\(v)"
        case let v as Int16: "i:\(v)"
        case let v as UInt32: "i:\(v)"
        case let v as Int32: "i:\(v)"
        case let v as UInt64: "i:\(v)"
        case let v as Int64: "i:\(v)"
        case let v as Float: "f:\(v.bitPattern)"
        case let v as Double: "d:\(v.bitPattern)"
        case let v as String: "s:\(v)"
        default:
            // Generated enums and option sets: compare their raw value.
            if let raw = Mirror(reflecting: value).children.first(where: { $0.label == "rawValue" }) {
                scalar(raw.value)
            } else {
                "unsupported:\(value)"
            }
        }
    }

    static func camelCase(_ snake: String) -> String {
        let parts = snake.split(separator: "_")
        guard let first = parts.first else { return snake }
        return first.lowercased()
            // As scripts/generate-mavlink names fields: `param_id` is `paramID`.
            + parts.dropFirst().map {
                $0.lowercased() == "id" ? "ID" : $0.prefix(1).uppercased() + $0.dropFirst().lowercased()
            }
            .joined()
    }
}
