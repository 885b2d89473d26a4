/// Builds and parses the fleet's MQTT topics under a configurable prefix (default `skyrelay`).
public struct FleetTopics: Hashable, Sendable {
    /// Topic prefix without trailing slash, e.g. `skyrelay` or `acme/prod`.
    public let prefix: String
    private let dronesRoot: String

    /// Throws ``ProtocolError/invalidTopic(topic:reason:)`` if the prefix is empty, contains wildcards,
    /// starts with `$` or `/`, ends with `/`, or has empty levels.
    public init(prefix: String = "skyrelay") throws(ProtocolError) {
        guard !prefix.isEmpty else { throw .invalidTopic(topic: prefix, reason: "prefix must not be empty") }
        guard !prefix.contains(where: { $0 == "+" || $0 == "#" || $0 == "\0" }) else {
            throw .invalidTopic(topic: prefix, reason: "prefix must not contain wildcards or NUL")
        }
        guard !prefix.hasPrefix("$"), !prefix.hasPrefix("/"), !prefix.hasSuffix("/"), !prefix.contains("//") else {
            throw .invalidTopic(
                topic: prefix, reason: "prefix must not start with $ or /, end with /, or have empty levels")
        }
        self.prefix = prefix
        dronesRoot = prefix + "/drones/"
    }

    /// The default `skyrelay` prefix.
    public static let `default`: FleetTopics = {
        do { return try FleetTopics(prefix: "skyrelay") } catch { preconditionFailure("constant prefix is valid") }
    }()

    /// `<prefix>/drones/<drone>/<kind>`.
    public func topic(_ kind: TopicKind, for drone: DroneID) -> String {
        dronesRoot + drone.rawValue + "/" + kind.rawValue
    }

    public func telemetry(_ drone: DroneID) -> String { topic(.telemetry, for: drone) }
    public func state(_ drone: DroneID) -> String { topic(.state, for: drone) }
    public func events(_ drone: DroneID) -> String { topic(.events, for: drone) }
    public func commands(_ drone: DroneID) -> String { topic(.commands, for: drone) }
    public func replies(_ drone: DroneID) -> String { topic(.replies, for: drone) }
    public func proof(_ drone: DroneID) -> String { topic(.proof, for: drone) }
    public func proofAck(_ drone: DroneID) -> String { topic(.proofAck, for: drone) }
    public func mavlinkUp(_ drone: DroneID) -> String { topic(.mavlinkUp, for: drone) }
    public func mavlinkDown(_ drone: DroneID) -> String { topic(.mavlinkDown, for: drone) }

    /// Subscription filter for one kind across all drones: `<prefix>/drones/+/<kind>`.
    public func filter(_ kind: TopicKind) -> String { dronesRoot + "+/" + kind.rawValue }

    /// MQTT v5 shared-subscription filter: `$share/<group>/<prefix>/drones/+/<kind>`, so several ground
    /// instances split the stream. Throws if `group` is not a valid share name.
    public func sharedFilter(_ kind: TopicKind, group: String) throws(ProtocolError) -> String {
        guard !group.isEmpty, !group.contains(where: { $0 == "/" || $0 == "+" || $0 == "#" }) else {
            throw .invalidTopic(topic: group, reason: "share group must be non-empty without / + #")
        }
        return "$share/" + group + "/" + filter(kind)
    }

    /// Splits a received topic into drone id and kind; throws ``ProtocolError/invalidTopic(topic:reason:)``
    /// for other prefixes, malformed levels, or an invalid drone id.
    public func parse(_ topic: String) throws(ProtocolError) -> (drone: DroneID, kind: TopicKind) {
        guard topic.hasPrefix(dronesRoot) else {
            throw .invalidTopic(topic: topic, reason: "does not start with '\(dronesRoot)'")
        }
        let rest = topic.utf8.dropFirst(dronesRoot.utf8.count)
        guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else {
            throw .invalidTopic(topic: topic, reason: "missing kind level")
        }
        let idPart = String(Substring(rest[rest.startIndex..<slash]))
        let kindPart = String(Substring(rest[rest.index(after: slash)...]))
        guard let kind = TopicKind(rawValue: kindPart) else {
            throw .invalidTopic(topic: topic, reason: "unknown kind '\(kindPart)'")
        }
        if let reason = DroneID.violation(in: idPart) {
            throw .invalidTopic(topic: topic, reason: "drone id: \(reason)")
        }
        return (DroneID(checked: idPart), kind)
    }
}
