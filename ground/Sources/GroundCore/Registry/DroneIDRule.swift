/// What a drone id may be. The id is an MQTT topic level and the drone's broker user name, so it is
/// `[A-Za-z0-9_-]{1,64}` (no wildcard, no separator; the rule of deploy/broker/issue-drone-credentials),
/// and the service accounts' names are reserved so that no drone can be provisioned as `ground` or
/// `observer`.
package enum DroneIDRule {
    package static let maxLength = 64
    package static let reservedNames: Set<String> = ["ground", "observer"]

    /// Why `id` is not a valid drone id, or nil when it is.
    package static func problem(with id: String) -> String? {
        guard !id.isEmpty, id.utf8.count <= maxLength else { return "must be 1 to \(maxLength) characters" }
        let allowed = id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard allowed else { return "may only contain letters, digits, '-' and '_'" }
        guard !reservedNames.contains(id.lowercased()) else { return "'\(id)' is reserved for a service account" }
        return nil
    }
}
