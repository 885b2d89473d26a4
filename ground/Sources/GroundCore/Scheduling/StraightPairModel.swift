import FleetProtocol

/// The exact feasibility and time to pickup of one pair on straight legs, with everything that does
/// not depend on the pair worked out once per round: ``EnergyModel/estimate(_:)``'s legs summed term
/// by term in its order, so the verdict and the time are ``Scheduler/evaluate(_:_:)``'s bits.
struct StraightPairModel {
    let profiles: [VehicleProfile]
    /// Per profile: the legs that do not depend on the pair (climb, descent, loading at the pickup).
    let climb0: [FlightCost], descend0: [FlightCost], loading: [FlightCost]
    let reserveWh: [Double]
    /// Per profile: a distance no mission can exceed (see ``init(profiles:drones:)``).
    let rangeBound: [Double]
    /// Per drone.
    let availableWh: [Double]
    let homes: [HaversinePoint], positions: [HaversinePoint]
    let atHome: [Bool]

    init(profiles: [VehicleProfile], drones: [AvailableDrone]) {
        self.profiles = profiles
        climb0 = profiles.map { $0.climb($0.defaultCruiseAltitudeM, payloadKg: 0) }
        descend0 = profiles.map { $0.descend($0.defaultCruiseAltitudeM, payloadKg: 0) }
        loading = profiles.map { $0.onGround($0.loadingSeconds) }
        reserveWh = profiles.map { $0.batteryCapacityWh * $0.reserveFraction }
        // The range bound is a lower bound of the energy model only when accelerating costs at least
        // what cruising the same distance does (hover power ≥ half the cruise power: every multirotor).
        rangeBound = profiles.map { $0.hoverPowerW * 2 >= $0.cruisePowerW ? $0.maxRangeM : Double.infinity }
        availableWh = drones.map { EnergyModel(vehicle: $0.profile).energyWh(atPercent: $0.batteryPercent) }
        // Latitudes in radians and their cosines once per point, not once per pair.
        homes = drones.map { HaversinePoint($0.home) }
        positions = drones.map { HaversinePoint($0.position) }
        atHome = drones.map { $0.position == $0.home }
    }

    /// ``EnergyModel/remaining(_:from:altitudeRelM:phase:)``'s `untilPickupS` at `.accepted` when the
    /// drone in `column` has the energy for the delivery (`leg` is its pickup → dropoff part), `nil`
    /// when it has not (``UnassignedReason/insufficientRange``).
    func secondsToPickup(
        column: Int, profile: Int, pickup: HaversinePoint, dropoff: HaversinePoint, legM: Double, leg: FlightCost
    ) -> Double? {
        let toPickupM = homes[column].distance(to: pickup)
        // The way home is at least |leg − way out| and at most leg + way out (triangle inequality,
        // with a millimetre for rounding): the exact distance is needed only between the two.
        let homeAtLeast = abs(legM - toPickupM) - 0.001
        let homeAtMost = legM + toPickupM + 0.001
        if toPickupM + legM + homeAtLeast > rangeBound[profile] { return nil }
        let v = profiles[profile]
        // EnergyModel.estimate's legs, summed in its order.
        let approachFromHome = climb0[profile] + v.cruise(toPickupM, payloadKg: 0) + descend0[profile]
        let toPickup = approachFromHome + loading[profile]
        let outAndLeg = FlightCost.zero + toPickup + leg
        // Energy grows with distance: enough for the longest possible way home is enough.
        let longest = (outAndLeg + v.cruise(homeAtMost, payloadKg: 0) + descend0[profile]).energyWh
        if longest + reserveWh[profile] > availableWh[column] {
            let toHomeM = dropoff.distance(to: homes[column])
            if toPickupM + legM + toHomeM > rangeBound[profile] { return nil }
            let toHome = v.cruise(toHomeM, payloadKg: 0) + descend0[profile]
            guard (outAndLeg + toHome).energyWh + reserveWh[profile] <= availableWh[column] else { return nil }
        }
        // EnergyModel.remaining(_:from:altitudeRelM: 0, phase: .accepted).untilPickupS.
        let approach =
            atHome[column]
            ? approachFromHome
            : climb0[profile] + v.cruise(positions[column].distance(to: pickup), payloadKg: 0) + descend0[profile]
        return approach.durationS
    }
}
