import FleetProtocol
import Foundation

extension FleetRegistry {
    /// Applies the newest sample per drone of one ingest batch (one actor hop per batch).
    package func apply(telemetry batch: [Telemetry], deliveries: [String: String]) {
        for sample in batch {
            let id = sample.droneID.rawValue
            var state = drones[id] ?? DroneLiveState(droneID: id)
            // A sample older than the drone's offline notice (relayed late by another instance, or
            // reordered) does not bring it back online.
            if !state.online, let seen = state.lastSeen, seen.timeIntervalSince1970 * 1000 > Double(sample.timeMs) {
                continue
            }
            state.position = TrackingUpdate.Position(
                lat: sample.position.lat, lon: sample.position.lon, alt: sample.position.altAmslM)
            state.batteryPercent = sample.battery.percent
            state.chargeState = sample.battery.chargeState
            state.readyAt = sample.battery.readyAtMs.map { Date(timeIntervalSince1970: Double($0) / 1000) }
            state.groundSpeed = sample.velocity.groundSpeedMps
            state.headingDeg = sample.headingDeg
            state.healthy = sample.gps.has3DFix
            if let wind = sample.wind { state.wind = wind }
            state.altitudeRelM = sample.position.altRelM
            state.verticalSpeedMps = -sample.velocity.downMps
            switch sample.landedState {
            case .unknown: state.airborne = nil
            case .onGround: state.airborne = false
            case .inAir, .takingOff, .landing: state.airborne = true
            }
            if let assignment = sample.assignmentID { state.assignmentID = assignment }
            if let delivery = deliveries[id] { state.deliveryID = delivery }
            state.lastSeen = Date(timeIntervalSince1970: Double(sample.timeMs) / 1000)
            // Telemetry only flows from a connected agent.
            state.online = true
            drones[id] = state
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
