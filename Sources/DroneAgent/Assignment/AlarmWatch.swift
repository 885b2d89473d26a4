import FleetProtocol
import Foundation
import MAVLink

/// Raises the alarms that come from the autopilot's state: `geofenceBreach`, `gpsLost` and
/// `criticalBattery`. Each is raised once per onset and cleared (with an info alarm) when the condition
/// has been gone for the same debounce time; a new onset after that raises it again.
package struct AlarmWatch: Sendable {
    /// One alarm's onset and clearing, debounced.
    struct Condition: Sendable {
        var raised = false
        /// Since when the condition has disagreed with `raised`.
        var changingSince: ContinuousClock.Instant?

        /// Feeds whether the condition holds now; returns true (raise) or false (clear) on a debounced
        /// change, nil otherwise.
        mutating func update(_ holds: Bool, now: ContinuousClock.Instant, debounce: Duration) -> Bool? {
            guard holds != raised else {
                changingSince = nil
                return nil
            }
            let since = changingSince ?? now
            changingSince = since
            guard now - since >= debounce else { return nil }
            raised = holds
            changingSince = nil
            return holds
        }
    }

    struct Alarm: Sendable, Equatable {
        var code: ReasonCode
        var severity: DroneEvent.Severity
        var message: String
    }

    /// How long the GPS must stay below a 3-D fix before `gpsLost` (short dropouts are normal).
    var gpsDebounce: Duration = .seconds(2)
    /// Battery and fence states are the autopilot's own verdicts: a short debounce against one stray report.
    var stateDebounce: Duration = .milliseconds(500)

    var gps = Condition()
    var battery = Condition()
    var fence = Condition()

    /// The alarms to send now for `vehicle`, given the fences of the active assignment (if any).
    mutating func evaluate(_ vehicle: VehicleState, airspace: Airspace?, now: ContinuousClock.Instant) -> [Alarm] {
        // Without the autopilot's heartbeat its last reports are stale; `autopilotLost` covers that.
        guard vehicle.autopilotAlive else { return [] }
        var alarms: [Alarm] = []
        if let change = gps.update(!vehicle.gps.has3DFix, now: now, debounce: gpsDebounce) {
            alarms.append(
                change
                    ? Alarm(
                        code: .gpsLost, severity: vehicle.airborne ? .critical : .warning,
                        message: "GPS fix degraded to \(Self.fixName(vehicle.gps.fixType))")
                    : Alarm(code: .gpsLost, severity: .info, message: "GPS 3D fix regained"))
        }
        let reported = vehicle.charge.autopilotChargeState
        let critical = reported.map(Self.criticalChargeStates.contains) ?? false
        if let change = battery.update(critical, now: now, debounce: stateDebounce) {
            let percent = vehicle.batteryPercent.map { "\(Int($0.rounded())) %" } ?? "unknown level"
            alarms.append(
                change
                    ? Alarm(
                        code: .criticalBattery, severity: .critical,
                        message:
                            "autopilot reports battery \(Self.chargeStateName(reported)) at \(percent)"
                    )
                    : Alarm(code: .criticalBattery, severity: .info, message: "battery no longer critical (\(percent))")
            )
        }
        let breach = Self.breach(vehicle, airspace: airspace)
        if let change = fence.update(breach != nil, now: now, debounce: stateDebounce) {
            alarms.append(
                change
                    ? Alarm(code: .geofenceBreach, severity: .critical, message: breach ?? "geofence breached")
                    : Alarm(code: .geofenceBreach, severity: .info, message: "back inside the geofence"))
        }
        return alarms
    }

    /// Why the vehicle is outside its fences now, nil when it is not: the autopilot's FENCE_STATUS where
    /// it sends one (ArduPilot), else the agent's own check of the position against the assignment's
    /// airspace (PX4 sends no FENCE_STATUS). The message names the position and the zone.
    static func breach(_ vehicle: VehicleState, airspace: Airspace?) -> String? {
        guard let position = vehicle.position else { return nil }
        let point = GeoPoint(lat: position.lat, lon: position.lon)
        let zone = airspace.flatMap { violatedZone(at: point, airspace: $0) }
        // Only when there is a breach to report: this runs on every change of the vehicle picture.
        func at() -> String { "at \(format(point.lat)), \(format(point.lon))" }
        if vehicle.fenceBreached == true {
            return "autopilot reports a fence breach (FENCE_STATUS) \(at()), zone \(zone ?? "unknown")"
        }
        guard let zone, vehicle.airborne else { return nil }
        return "geofence breached \(at()), zone \(zone)"
    }

    /// The id of the exclusion zone containing `point`, `serviceArea` when it is outside the inclusion
    /// fence, nil when inside the airspace.
    package static func violatedZone(at point: GeoPoint, airspace: Airspace) -> String? {
        for zone in airspace.exclusions {
            if let vertices = zone.vertices {
                do {
                    if try Geofence(vertices: vertices).contains(point) { return zone.zoneID }
                } catch {
                    // Zones are validated when the command is decoded (ExclusionZone.validate); one that is
                    // not a polygon cannot contain anything.
                    continue
                }
            }
            if let center = zone.center, let radius = zone.radiusM, center.distance(to: point) <= radius {
                return zone.zoneID
            }
        }
        if let inclusion = airspace.inclusion, !inclusion.contains(point) { return "serviceArea" }
        return nil
    }

    static func fixName(_ fixType: Int) -> String {
        switch fixType {
        case 0, 1: "no fix (fix type \(fixType))"
        case 2: "2D (fix type 2)"
        default: "fix type \(fixType)"
        }
    }

    /// The BATTERY_STATUS charge states that raise criticalBattery: return or land now, or a bad pack.
    static let criticalChargeStates: Set<MAVBatteryChargeState> = [.critical, .emergency, .failed, .unhealthy]

    static func chargeStateName(_ state: MAVBatteryChargeState?) -> String {
        guard let state else { return "state unknown" }
        switch state {
        case .critical: return "critical"
        case .emergency: return "emergency"
        case .failed: return "failed"
        case .unhealthy: return "unhealthy"
        default: return "state \(state.rawValue)"
        }
    }

    private static func format(_ degrees: Double) -> String { String(format: "%.6f", degrees) }
}
