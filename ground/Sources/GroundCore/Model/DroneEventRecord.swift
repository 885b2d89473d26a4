import Foundation

/// A drone event (FleetProtocol `DroneEvent`) as stored, identified by its per-drone `eventSeq`.
package struct DroneEventRecord: Codable, Sendable, Hashable {
    package var droneID: String
    package var eventSeq: Int64
    package var kind: String
    package var receivedAt: Date
    /// The message as received (JSON).
    package var payload: String

    package init(droneID: String, eventSeq: Int64, kind: String, receivedAt: Date, payload: String) {
        self.droneID = droneID
        self.eventSeq = eventSeq
        self.kind = kind
        self.receivedAt = receivedAt
        self.payload = payload
    }
}
