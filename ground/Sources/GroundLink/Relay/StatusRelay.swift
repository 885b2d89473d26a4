import GroundCore
import Logging

/// Sends this instance's delivery status changes to the other instances of its share group
/// (`<prefix>/ground/tracking/<deliveryId>`), so an SSE stream open on any instance sees every status
/// and ends on the terminal one, whichever instance stored the event that caused it.
package typealias StatusRelay = ChangeRelay<TrackingUpdate>

extension ChangeRelay: StatusChangeSink where Change == TrackingUpdate {}

extension TrackingUpdate: RelayedChange {
    package static var relayKind: String { "tracking" }
    package static var relayQueueCapacity: Int { 10_000 }
    package func relayTopic(_ topics: GroundRelayTopics, origin: String) -> String {
        topics.tracking(deliveryID: deliveryID)
    }
    package func relayMessage(origin: String) -> RelayedStatusChange {
        RelayedStatusChange(origin: origin, update: self)
    }
    package var relayMetadata: Logger.Metadata { ["delivery": "\(deliveryID)"] }
}
