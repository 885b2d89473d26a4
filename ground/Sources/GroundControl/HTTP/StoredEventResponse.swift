import Foundation

/// One stored drone event as the API shows it.
struct StoredEventResponse: Codable, Sendable, Hashable {
    var eventSeq: Int64
    var kind: String
    var receivedAt: Date
    /// The event message exactly as the drone sent it (JSON text, FleetProtocol `DroneEvent`).
    var payload: String

    init(_ record: DroneEventRecord) {
        eventSeq = record.eventSeq
        kind = record.kind
        receivedAt = record.receivedAt
        payload = record.payload
    }
}
