/// Duration/energy estimates of delivery routes for one ``VehicleProfile``. The agent uses ``estimate(_:)``
/// to accept or reject an assignment; ground uses the same to schedule and ``remaining(_:from:altitudeRelM:phase:)``
/// for ETAs at every telemetry sample (cheap: a few haversines, no allocation beyond the result).
public struct EnergyModel: Hashable, Sendable {
    public var vehicle: VehicleProfile

    public init(vehicle: VehicleProfile = .default) { self.vehicle = vehicle }

    /// Energy kept in reserve at acceptance, Wh.
    public var reserveWh: Double { vehicle.batteryCapacityWh * vehicle.reserveFraction }

    /// The whole route from home.
    public func estimate(_ route: RoutePlan) -> FlightPlanEstimate {
        let v = vehicle, h = route.cruiseAltitudeM, p = route.payloadKg
        let toPickup =
            v.climb(h, payloadKg: 0) + v.cruise(route.home.distance(to: route.pickup), payloadKg: 0)
            + v.descend(h, payloadKg: 0) + v.onGround(route.loadingSeconds)
        let toDropoff =
            v.climb(h, payloadKg: p) + v.cruise(route.pickup.distance(to: route.dropoff), payloadKg: p)
            + release(route)
        let toHome = v.cruise(route.dropoff.distance(to: route.home), payloadKg: 0) + v.descend(h, payloadKg: 0)
        return FlightPlanEstimate(
            legs: [
                .init(leg: .toPickup, cost: toPickup), .init(leg: .toDropoff, cost: toDropoff),
                .init(leg: .toHome, cost: toHome),
            ],
            reserveWh: reserveWh, capacityWh: v.batteryCapacityWh)
    }

    /// Remaining time and energy from `position` at `altitudeRelM` above home while in `phase`.
    /// Terminal phases and `landed` return zero. Before take-off the whole route is counted from `position`
    /// as home. Loading at the pickup is counted in full while `atPickup` (elapsed loading time is unknown here).
    public func remaining(_ route: RoutePlan, from position: GeoPoint, altitudeRelM: Double, phase: AssignmentPhase)
        -> RemainingEstimate
    {
        let v = vehicle, h = route.cruiseAltitudeM, p = route.payloadKg
        let alt = min(max(altitudeRelM, 0), h)
        let afterPickup =
            v.climb(h, payloadKg: p) + v.cruise(route.pickup.distance(to: route.dropoff), payloadKg: p)
            + v.descend(h - v.releaseAltitudeM, payloadKg: p)
        let releaseRest = v.hover(v.releaseHoverSeconds, payloadKg: 0) + v.climb(h - v.releaseAltitudeM, payloadKg: 0)
        let homeLeg = v.cruise(route.dropoff.distance(to: route.home), payloadKg: 0) + v.descend(h, payloadKg: 0)

        switch phase {
        case .received, .accepted, .preflight, .takeoff:
            let toPickup =
                v.climb(h - alt, payloadKg: 0) + v.cruise(position.distance(to: route.pickup), payloadKg: 0)
                + v.descend(h, payloadKg: 0)
            let loading = v.onGround(route.loadingSeconds)
            return RemainingEstimate(
                untilPickupS: toPickup.durationS,
                untilDropoffS: (toPickup + loading + afterPickup).durationS,
                total: toPickup + loading + afterPickup + releaseRest + homeLeg)
        case .enRouteToPickup:
            let toPickup =
                v.climb(h - alt, payloadKg: 0)
                + v.cruise(position.distance(to: route.pickup), payloadKg: 0, fromRest: alt < h)
                + v.descend(h, payloadKg: 0)
            let loading = v.onGround(route.loadingSeconds)
            return RemainingEstimate(
                untilPickupS: toPickup.durationS,
                untilDropoffS: (toPickup + loading + afterPickup).durationS,
                total: toPickup + loading + afterPickup + releaseRest + homeLeg)
        case .atPickup:
            let loading = v.onGround(route.loadingSeconds)
            return RemainingEstimate(
                untilPickupS: 0, untilDropoffS: (loading + afterPickup).durationS,
                total: loading + afterPickup + releaseRest + homeLeg)
        case .enRouteToDropoff:
            let toDropoff =
                v.climb(h - alt, payloadKg: p)
                + v.cruise(position.distance(to: route.dropoff), payloadKg: p, fromRest: alt < h)
                + v.descend(h - v.releaseAltitudeM, payloadKg: p)
            return RemainingEstimate(
                untilPickupS: 0, untilDropoffS: toDropoff.durationS,
                total: toDropoff + releaseRest + homeLeg)
        case .atDropoff:
            let rest = v.hover(v.releaseHoverSeconds, payloadKg: 0) + v.climb(h - alt, payloadKg: 0) + homeLeg
            return RemainingEstimate(untilPickupS: 0, untilDropoffS: 0, total: rest)
        case .returning:
            let rest =
                v.climb(h - alt, payloadKg: 0)
                + v.cruise(position.distance(to: route.home), payloadKg: 0, fromRest: false)
                + v.descend(h, payloadKg: 0)
            return RemainingEstimate(untilPickupS: 0, untilDropoffS: 0, total: rest)
        case .landed, .completed, .rejected, .aborted:
            return RemainingEstimate(untilPickupS: 0, untilDropoffS: 0, total: .zero)
        }
    }

    /// Descend to release height, hover, release, climb back to cruise.
    private func release(_ route: RoutePlan) -> FlightCost {
        let v = vehicle, drop = route.cruiseAltitudeM - v.releaseAltitudeM
        return v.descend(drop, payloadKg: route.payloadKg) + v.hover(v.releaseHoverSeconds, payloadKg: 0)
            + v.climb(drop, payloadKg: 0)
    }

    /// Usable energy at a state of charge, Wh.
    public func energyWh(atPercent percent: Double) -> Double {
        vehicle.batteryCapacityWh * min(max(percent, 0), 100) / 100
    }
}
