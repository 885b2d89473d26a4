import Foundation

/// A drone event (FleetProtocol `DroneEvent`) as stored, identified by its per-drone `eventSeq`.
public struct DroneEventRecord: Codable, Sendable, Hashable {
    public var droneID: String
    public var eventSeq: Int64
    public var kind: String
    public var receivedAt: Date
    /// The message as received (JSON).
    public var payload: String

    public init(droneID: String, eventSeq: Int64, kind: String, receivedAt: Date, payload: String) {
        self.droneID = droneID
        self.eventSeq = eventSeq
        self.kind = kind
        self.receivedAt = receivedAt
        self.payload = payload
    }
}
