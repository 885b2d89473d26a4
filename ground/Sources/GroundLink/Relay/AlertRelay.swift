import GroundCore
import Logging

/// Sends this instance's alert changes to the other instances of its share group
/// (`<prefix>/ground/alerts/<origin>`), so an alert stream open on any instance shows every alert
/// opened, acknowledged or resolved, whichever instance made the change.
///
/// The share group's relay rather than PostgreSQL LISTEN/NOTIFY: the instances already exchange tracking
/// changes on it, its connection and resubscription are the ingest's, and it needs no extra database
/// session per instance.
package typealias AlertRelay = ChangeRelay<Alert>

extension ChangeRelay: AlertChangeSink where Change == Alert {}

extension Alert: RelayedChange {
    package static var relayKind: String { "alert" }
    package static var relayQueueCapacity: Int { 1_000 }
    package func relayTopic(_ topics: GroundRelayTopics, origin: String) -> String { topics.alerts(origin: origin) }
    package func relayMessage(origin: String) -> RelayedAlert { RelayedAlert(origin: origin, alert: self) }
    package var relayMetadata: Logger.Metadata { ["alert": "\(id)"] }
}
