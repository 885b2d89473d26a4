import FleetProtocol
import Foundation
import GroundCore

/// One stored drone event as the API shows it.
package struct StoredEventResponse: Codable, Sendable, Hashable {
    package var eventSeq: Int64
    package var kind: String
    package var receivedAt: Date
    /// The event message exactly as the drone sent it (JSON text, FleetProtocol `DroneEvent`).
    package var payload: String

    package init(_ record: DroneEventRecord) {
        eventSeq = record.eventSeq
        kind = record.kind
        receivedAt = record.receivedAt
        payload = record.payload
    }
}
