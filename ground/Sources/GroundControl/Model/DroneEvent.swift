import Foundation

/// An assignment-progress or alarm event from a drone, identified by its per-drone `eventSeq`.
public struct DroneEvent: Codable, Sendable, Hashable {
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
