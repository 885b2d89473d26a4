import FleetProtocol
import Foundation

/// Builds ``DroneEvent``s and stores them in the outbox, numbering them in the same transaction as the
/// assignment change they belong to.
public struct EventRecorder: Sendable {
    let store: AgentStore
    let codec: FleetCodec
    let droneID: DroneID
    let topic: String
    let signal: OutboxSignal

    public init(store: AgentStore, droneID: DroneID, topics: FleetTopics, signal: OutboxSignal) {
        self.store = store
        codec = FleetCodec()
        self.droneID = droneID
        topic = topics.events(droneID)
        self.signal = signal
    }

    /// Stores one event (and `change`) atomically; returns its eventSeq.
    @discardableResult
    public func record(
        _ kind: DroneEvent.Kind, assignmentID: String?, vehicle: VehicleState,
        change: AgentStore.AssignmentChange = .unchanged,
        energyUsedWh: Double? = nil, detail: String? = nil
    ) throws(AgentStoreError) -> Int64 {
        let now = Date()
        let position =
            vehicle.position
            ?? Telemetry.Position(lat: vehicle.home?.lat ?? 0, lon: vehicle.home?.lon ?? 0, altAmslM: 0, altRelM: 0)
        let battery = min(max(vehicle.batteryPercent ?? 0, 0), 100)
        let (codec, droneID) = (codec, droneID)
        let seq = try store.appendEvent(topic: topic, change: change, now: now) { seq in
            let event = DroneEvent(
                droneID: droneID, eventSeq: UInt64(seq), timeMs: now.millis, assignmentID: assignmentID,
                position: position, batteryPercent: battery, kind: kind, energyUsedWh: energyUsedWh,
                detail: detail)
            return try codec.encode(event)
        }
        signal.notify()
        return seq
    }
}
