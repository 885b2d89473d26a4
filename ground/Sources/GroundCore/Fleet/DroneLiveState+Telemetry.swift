import FleetProtocol
import Foundation

extension DroneLiveState {
    /// Takes what a telemetry sample reports (`deliveryID`: the delivery its assignment carries, if
    /// known). A sample older than the drone's offline notice (relayed late by another instance, or
    /// reordered) changes nothing: it does not bring the drone back online.
    mutating func apply(_ sample: Telemetry, deliveryID: String?) {
        if !online, let seen = lastSeen, seen.timeIntervalSince1970 * 1000 > Double(sample.timeMs) { return }
        position = TrackingUpdate.Position(
            lat: sample.position.lat, lon: sample.position.lon, alt: sample.position.altAmslM)
        batteryPercent = sample.battery.percent
        chargeState = sample.battery.chargeState
        readyAt = sample.battery.readyAtMs.map { Date(timeIntervalSince1970: Double($0) / 1000) }
        groundSpeed = sample.velocity.groundSpeedMps
        headingDeg = sample.headingDeg
        healthy = sample.gps.has3DFix
        if let wind = sample.wind { self.wind = wind }
        altitudeRelM = sample.position.altRelM
        verticalSpeedMps = -sample.velocity.downMps
        switch sample.landedState {
        case .unknown: airborne = nil
        case .onGround: airborne = false
        case .inAir, .takingOff, .landing: airborne = true
        }
        if let assignment = sample.assignmentID { assignmentID = assignment }
        if let deliveryID { self.deliveryID = deliveryID }
        lastSeen = Date(timeIntervalSince1970: Double(sample.timeMs) / 1000)
        // Telemetry only flows from a connected agent.
        online = true
    }
}
