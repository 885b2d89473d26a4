import Logging

/// A change one instance relays to the other instances of its share group: where it is published, as
/// what message, and how the relay's metrics and logs name it (``ChangeRelay``).
package protocol RelayedChange: Sendable {
    associatedtype Message: Encodable
    /// The relay's `kind` in `skyrelay_relay_messages_total` and its name in log lines.
    static var relayKind: String { get }
    /// Changes waiting to be published when the broker is slow or away.
    static var relayQueueCapacity: Int { get }
    func relayTopic(_ topics: GroundRelayTopics, origin: String) -> String
    func relayMessage(origin: String) -> Message
    /// What a log line about this change names.
    var relayMetadata: Logger.Metadata { get }
}
