/// What a zone or weather-hold id may be: `[A-Za-z0-9_-]{1,64}`, so it travels in URLs, MQTT payloads
/// and the autopilot's fence alarms unescaped.
package enum AirspaceIDRule {
    package static let maxLength = 64

    /// Why `id` is not a valid id, or nil when it is.
    package static func problem(with id: String) -> String? {
        guard !id.isEmpty, id.utf8.count <= maxLength else { return "must be 1 to \(maxLength) characters" }
        let allowed = id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        return allowed ? nil : "may only contain letters, digits, '-' and '_'"
    }
}
