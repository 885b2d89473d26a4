/// A top-level message of the fleet protocol. On the wire each is a JSON object carrying
/// `"v": 1` and `"type": <messageType>` next to the message's own fields.
public protocol FleetMessage: Codable, Hashable, Sendable {
    /// The `"type"` discriminator value, e.g. `telemetry`.
    static var messageType: String { get }
    /// The topic kind this message is published on.
    static var topicKind: TopicKind { get }
    /// Semantic checks beyond JSON shape; throws ``ProtocolError/invalidValue(path:reason:)`` naming the field.
    func validate() throws(ProtocolError)
}
