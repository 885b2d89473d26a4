import FleetProtocol
import Foundation

/// Builds ``DroneEvent``s and stores them in the outbox, numbering them in the same transaction as the
/// assignment change they belong to.
public struct EventRecorder: Sendable {
    let store: AgentStore
    let codec: FleetCodec
    let droneId: DroneID
    let topic: String
    let signal: OutboxSignal

    public init(store: AgentStore, droneId: DroneID, topics: FleetTopics, signal: OutboxSignal) {
        self.store = store
        codec = FleetCodec()
        self.droneId = droneId
        topic = topics.events(droneId)
        self.signal = signal
    }

    /// Stores one event (and `change`) atomically; returns its eventSeq.
    @discardableResult
    public func record(
        _ kind: DroneEvent.Kind, assignmentId: String?, vehicle: VehicleState, change: AgentStore.AssignmentChange = .unchanged,
        energyUsedWh: Double? = nil, detail: String? = nil
    ) throws(AgentStoreError) -> Int64 {
        let now = Date()
        let position = vehicle.position ?? Telemetry.Position(lat: vehicle.home?.lat ?? 0, lon: vehicle.home?.lon ?? 0, altAmslM: 0, altRelM: 0)
        let battery = min(max(vehicle.batteryPercent ?? 0, 0), 100)
        let (codec, droneId) = (codec, droneId)
        let seq = try store.appendEvent(topic: topic, change: change, now: now) { seq in
            let event = DroneEvent(droneId: droneId, eventSeq: UInt64(seq), timeMs: now.millis, assignmentId: assignmentId,
                                   position: position, batteryPercent: battery, kind: kind, energyUsedWh: energyUsedWh,
                                   detail: detail)
            return try codec.encode(event)
        }
        signal.notify()
        return seq
    }
}
