import FleetProtocol

/// The checks an assignment must pass before the agent accepts it, each failure with its reason code.
public struct AcceptanceCheck: Sendable {
    public var profile: VehicleProfile
    public var geofence: Geofence?

    public init(profile: VehicleProfile, geofence: Geofence?) {
        self.profile = profile
        self.geofence = geofence
    }

    /// A rejection (reason and human detail), or nil to accept.
    public func evaluate(_ assignment: Assignment, vehicle: VehicleState, busy: Bool) -> (
        reason: ReasonCode, message: String
    )? {
        if busy { return (.busy, "another assignment is active") }
        if assignment.payloadKg > profile.maxPayloadKg {
            return (.payloadTooHeavy, "payload \(assignment.payloadKg) kg exceeds max \(profile.maxPayloadKg) kg")
        }
        if let problem = vehicle.healthProblem { return (.vehicleUnhealthy, problem) }
        guard let home = vehicle.home, let percent = vehicle.batteryPercent else {
            return (.vehicleUnhealthy, "home or battery unknown")
        }
        if let geofence {
            let legs = [
                ("home->pickup", home, assignment.pickup), ("pickup->dropoff", assignment.pickup, assignment.dropoff),
                ("dropoff->home", assignment.dropoff, home),
            ]
            for (name, from, to) in legs where !geofence.containsSegment(from, to) {
                return (.outsideGeofence, "leg \(name) leaves the geofence")
            }
        }
        let model = EnergyModel(vehicle: profile)
        let estimate = model.estimate(RoutePlan(assignment: assignment, home: home))
        let available = model.energyWh(atPercent: percent)
        if !estimate.isFeasible(availableWh: available) {
            let need = Int(estimate.requiredEnergyWh.rounded()), have = Int(available.rounded())
            return (.insufficientBattery, "route needs \(need) Wh incl. reserve, battery has \(have) Wh")
        }
        return nil
    }
}
