/// A drone identifier: 1...64 characters from `[A-Za-z0-9_-]`. It is also the drone's MQTT username and
/// client id, and one topic level, so the character set keeps it free of wildcards and separators.
public struct DroneID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The validated identifier.
    public let rawValue: String

    /// Throws ``ProtocolError/invalidValue(path:reason:)`` (path `droneId`) if `rawValue` breaks the rules.
    public init(_ rawValue: String) throws(ProtocolError) {
        if let reason = Self.violation(in: rawValue) { throw .invalidValue(path: "droneId", reason: reason) }
        self.rawValue = rawValue
    }

    /// An identifier already checked with ``violation(in:)``.
    init(checked rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (lhs: DroneID, rhs: DroneID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Byte loop instead of a regex: this runs for every received message.
    static func violation(in value: String) -> String? {
        let bytes = value.utf8
        guard !bytes.isEmpty else { return "must not be empty" }
        guard bytes.count <= 64 else { return "longer than 64 characters" }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            default:
                return "only A-Z a-z 0-9 _ - are allowed"
            }
        }
        return nil
    }
}

extension DroneID: Codable {
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        if let reason = Self.violation(in: value) {
            throw ProtocolError.invalidValue(path: CodingPath.render(decoder.codingPath), reason: reason)
        }
        rawValue = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
