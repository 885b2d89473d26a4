import FleetProtocol
import Foundation

extension FleetRegistry {
    /// Applies the newest sample per drone of one ingest batch (one actor hop per batch).
    package func apply(telemetry batch: [Telemetry], deliveries: [String: String]) {
        for sample in batch {
            let id = sample.droneID.rawValue
            // Edited in place: one lookup per sample and no copy of the state out and back.
            drones[id, default: DroneLiveState(droneID: id)].apply(sample, deliveryID: deliveries[id])
        }
        changed()
    }

    /// Applies a presence/status message; returns whether the drone was online before.
    @discardableResult
    package func apply(state message: DroneState, deliveryID: String?) -> Bool {
        let id = message.droneID.rawValue
        var state = drones[id] ?? DroneLiveState(droneID: id)
        let wasOnline = state.online
        state.online = message.presence == .online
        if let home = message.home { state.home = home }
        state.maxPayloadKg = message.capabilities.maxPayloadKg
        state.profile = message.capabilities.planningProfile
        // The will carries no assignment: the last known one stays visible for the operator.
        if message.presence == .online {
            state.assignmentID = message.assignmentID
            state.phase = message.phase
            state.deliveryID = message.assignmentID == nil ? nil : deliveryID ?? state.deliveryID
        }
        state.lastSeen = Date(timeIntervalSince1970: Double(message.timeMs) / 1000)
        drones[id] = state
        changed()
        return wasOnline
    }

    /// Records an assignment phase from an event.
    package func apply(phase: AssignmentPhase, assignmentID: String?, deliveryID: String?, droneID: String) {
        var state = drones[droneID] ?? DroneLiveState(droneID: droneID)
        state.phase = phase
        if let assignmentID { state.assignmentID = assignmentID }
        if let deliveryID { state.deliveryID = deliveryID }
        drones[droneID] = state
        changed()
    }
}
