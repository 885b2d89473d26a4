import Foundation

/// The 32-byte secret shared by the ends of a signed MAVLink 2 link.
///
/// Written as 64 hex digits or as base64 (the form `SETUP_SIGNING` tools and pymavlink users pass
/// around). `description` never shows the secret.
public struct MAVLinkSigningKey: Sendable, Hashable, CustomStringConvertible {
    public static let length = 32
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(MAVLinkSigningError) {
        guard bytes.count == Self.length else { throw .keyLength(bytes.count) }
        // PX4 and ArduPilot treat an all-zero key as "signing off"; accepting it here would sign with
        // a key everyone knows.
        guard bytes.contains(where: { $0 != 0 }) else { throw .allZeroKey }
        self.bytes = bytes
    }

    /// Parses 64 hex digits or base64 of 32 bytes; surrounding whitespace is ignored.
    public init(text: String) throws(MAVLinkSigningError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count == 2 * Self.length, let bytes = Self.hexBytes(trimmed) {
            try self.init(bytes: bytes)
        } else if let data = Data(base64Encoded: trimmed) {
            try self.init(bytes: Array(data))
        } else {
            throw .keyEncoding
        }
    }

    /// Reads a key file holding the key as text (hex or base64).
    public init(contentsOfFile path: String) throws(MAVLinkSigningError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .keyFileUnreadable(path: path, reason: error.localizedDescription)
        }
        try self.init(text: text)
    }

    public var description: String { "MAVLinkSigningKey(32 bytes)" }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for char in text.utf8 {
            let nibble: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = char - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return high == nil ? bytes : nil
    }
}
