import FleetProtocol
import Foundation

/// One optimal scheduling round over a snapshot of pending deliveries and the fleet.
///
/// Cost of a (delivery, drone) pair = seconds until the drone has landed at the pickup.
/// A pair is infeasible when the drone is excluded for that delivery, the payload exceeds its
/// maximum, a leg (current→pickup→dropoff→home) has no path inside the service area around the no-fly
/// zones (``AirspaceRouter``; energy and times use the routed length), or the route's energy plus
/// the drone's reserve exceeds what is left in its battery (both from the drone's advertised profile). The round maximises the number of
/// feasible assignments and, among those, minimises total time to pickup
/// (see ``AssignmentSolver``).
///
/// Tie-breaking toward deliveries waiting longest: costs are quantised to
/// ``timeQuantum`` and the delivery ranked k-th by wait (1 = newest … n = oldest) gets a bonus of
/// `k / (n(n+1)/2 + 1)` quanta subtracted. The bonuses of any set of deliveries sum to less
/// than one quantum while two assignments that differ in quantised total differ by at least
/// one quantum, so the bonus only decides between assignments whose quantised totals tie.
package struct Scheduler: Sendable {
    /// Polygon every leg must stay in; `nil` = unrestricted.
    package var serviceArea: ServiceArea?
    /// Resolution of the time costs in seconds; ties are decided within one quantum.
    package var timeQuantum: Double
    /// Operator zones for this round (the service area brings its permanent ones); inactive ones are skipped.
    package var temporaryZones: [NoFlyZone] = []
    /// Distance every route keeps from every zone, metres.
    package var zoneBufferM = AirspaceRouter.defaultBufferM

    package init(serviceArea: ServiceArea? = nil, timeQuantum: Double = 0.001) {
        self.serviceArea = serviceArea
        self.timeQuantum = timeQuantum
    }

    /// The router for drones cruising at `cruiseAltitudeM` at `date`; nil when nothing restricts a route.
    package func router(cruiseAltitudeM: Double, at date: Date) -> AirspaceRouter? {
        let area = serviceArea ?? .unrestricted
        let zones = (area.zones + temporaryZones).filter {
            $0.isActive(at: date) && $0.restricts(cruiseAltitudeM: cruiseAltitudeM)
        }
        if area.isUnrestricted && zones.isEmpty { return nil }
        return AirspaceRouter(serviceArea: area, zones: zones, bufferM: zoneBufferM)
    }

    /// Per-pair evaluation: either the times and energy, or why the pair cannot fly.
    enum PairEvaluation {
        case feasible(FeasiblePair)
        case infeasible(UnassignedReason)
    }

    struct FeasiblePair {
        var secondsToPickup: Double
        var secondsToDropoff: Double
        var energyWh: Double
        var route: RoutePlan
        var path: DeliveryRoute?
        var airspace: Airspace?
    }

    /// Routers by cruise altitude, built once per round.
    typealias Routers = [Double: AirspaceRouter]

    /// Feasibility is the agent's own acceptance rule (``EnergyModel/estimate(_:)`` on the route from the
    /// drone's home with the drone's profile and reserve), so ground never offers what the drone would
    /// refuse on energy; the cost is the same model's time from the drone's position to the pickup.
    func evaluate(_ delivery: PendingDelivery, _ drone: AvailableDrone, routers: Routers? = nil, now: Double = 0)
        -> PairEvaluation
    {
        if let only = delivery.onlyDrone, only != drone.id { return .infeasible(.chosenDroneUnavailable) }
        if delivery.excludedDrones.contains(drone.id) { return .infeasible(.allDronesRejected) }
        if delivery.payloadKg > drone.maxPayloadKg { return .infeasible(.payloadTooHeavy) }
        let altitude = drone.profile.defaultCruiseAltitudeM
        let router =
            routers.map { $0[altitude] } ?? self.router(cruiseAltitudeM: altitude, at: Date(timeIntervalSince1970: now))
        var path: DeliveryRoute?
        if let router {
            switch router.route(
                from: drone.position, pickup: delivery.pickup, dropoff: delivery.dropoff, home: drone.home)
            {
            case let .success(found): path = found
            case let .failure(refusal): return .infeasible(UnassignedReason(refusal))
            }
        }
        let model = EnergyModel(vehicle: drone.profile)
        let route = RoutePlan(
            home: drone.home, pickup: delivery.pickup, dropoff: delivery.dropoff,
            payloadKg: delivery.payloadKg, vehicle: drone.profile)
        let estimate = model.estimate(route)
        let detour = path.map { RouteDetour(path: $0, route: route, from: drone.position, vehicle: drone.profile) }
        let energyWh = estimate.totalEnergyWh + (detour?.energyWh ?? 0)
        guard energyWh + estimate.reserveWh <= model.energyWh(atPercent: drone.batteryPercent) else {
            return .infeasible(.insufficientRange)
        }
        let remaining = model.remaining(route, from: drone.position, altitudeRelM: 0, phase: .accepted)
        return .feasible(
            FeasiblePair(
                secondsToPickup: remaining.untilPickupS + (detour?.toPickupSeconds ?? 0),
                secondsToDropoff: remaining.untilDropoffS + (detour?.toDropoffSeconds ?? 0),
                energyWh: energyWh, route: route, path: path,
                airspace: router?.airspace(around: delivery.pickup)))
    }

    /// Runs one round. `now` (seconds since epoch) anchors the ETAs.
    package func schedule(deliveries: [PendingDelivery], drones allDrones: [AvailableDrone], now: Double)
        -> SchedulingResult
    {
        let drones = allDrones.filter(\.isCandidate)
        var routers: Routers = [:]
        for altitude in Set(drones.map(\.profile.defaultCruiseAltitudeM)) {
            routers[altitude] = router(cruiseAltitudeM: altitude, at: Date(timeIntervalSince1970: now))
        }
        let evaluations = deliveries.map { delivery in
            drones.map { evaluate(delivery, $0, routers: routers, now: now) }
        }
        // Queue reasons judge the delivery's own leg at the default altitude, with one router per round.
        let defaultAltitude = VehicleProfile.default.defaultCruiseAltitudeM
        let judge =
            routers.keys.contains(defaultAltitude)
            ? routers[defaultAltitude] : router(cruiseAltitudeM: defaultAltitude, at: Date(timeIntervalSince1970: now))
        let matrix = costMatrix(deliveries: deliveries, evaluations: evaluations)
        let solution = AssignmentSolver.solve(matrix)

        var assignments: [ScheduledAssignment] = []
        var unassigned: [String: UnassignedReason] = [:]
        var total = 0.0
        for (row, delivery) in deliveries.enumerated() {
            guard let column = solution.columnForRow[row],
                case let .feasible(pair) = evaluations[row][column]
            else {
                unassigned[delivery.id] = reason(for: delivery, evaluations: evaluations[row], router: judge)
                continue
            }
            assignments.append(
                ScheduledAssignment(
                    deliveryID: delivery.id, droneID: drones[column].id, secondsToPickup: pair.secondsToPickup,
                    etaPickup: now + pair.secondsToPickup, etaDropoff: now + pair.secondsToDropoff,
                    missionEnergyWh: pair.energyWh, cruiseAltitudeM: pair.route.cruiseAltitudeM,
                    loadingSeconds: pair.route.loadingSeconds, route: pair.path?.wire, airspace: pair.airspace))
            total += pair.secondsToPickup
        }
        return SchedulingResult(assignments: assignments, unassigned: unassigned, totalSecondsToPickup: total)
    }

    /// Costs in quanta (integers, exact in Double) minus the wait-rank bonus; infeasible = ∞.
    func costMatrix(deliveries: [PendingDelivery], evaluations: [[PairEvaluation]]) -> CostMatrix {
        let n = deliveries.count
        let columns = evaluations.first?.count ?? 0
        // Rank 1 = most recent request … n = oldest; ties in requestedAt share the order of the input.
        let byNewest = deliveries.indices.sorted { deliveries[$0].requestedAt > deliveries[$1].requestedAt }
        var bonus = [Double](repeating: 0, count: n)
        let denominator = Double(n) * Double(n + 1) / 2 + 1
        for (position, index) in byNewest.enumerated() { bonus[index] = Double(position + 1) / denominator }

        var matrix = CostMatrix(rows: n, columns: columns)
        for row in 0..<n {
            for column in 0..<columns {
                if case let .feasible(pair) = evaluations[row][column] {
                    matrix[row, column] = (pair.secondsToPickup / timeQuantum).rounded() - bonus[row]
                }
            }
        }
        return matrix
    }

    /// The most specific reason a delivery stayed queued, judged over the idle drones.
    func reason(for delivery: PendingDelivery, evaluations: [PairEvaluation], router: AirspaceRouter?)
        -> UnassignedReason
    {
        // The delivery's own leg: no drone can fix what fails here.
        if let router {
            if router.zone(containing: delivery.pickup) != nil { return .pickupInNoFlyZone }
            if router.zone(containing: delivery.dropoff) != nil { return .dropoffInNoFlyZone }
            switch router.path(from: delivery.pickup, to: delivery.dropoff) {
            case .success: break
            case .failure(.outsideServiceArea): return .outsideServiceArea
            case .failure: return .noSafePath
            }
        }
        if evaluations.isEmpty { return delivery.onlyDrone == nil ? .noDroneAvailable : .chosenDroneUnavailable }
        var reasons: [UnassignedReason] = []
        for evaluation in evaluations {
            switch evaluation {
            case .feasible: return .dronesAssignedElsewhere
            case let .infeasible(reason): reasons.append(reason)
            }
        }
        // Report the constraint that fails for the drones that got furthest through the checks.
        // (For a pinned delivery the other drones all say chosenDroneUnavailable; the chosen one's own
        // reason, when it was evaluated, comes first.)
        let order: [UnassignedReason] = [
            .insufficientRange, .noSafePath, .outsideServiceArea, .pickupInNoFlyZone, .dropoffInNoFlyZone,
            .payloadTooHeavy, .allDronesRejected,
            .chosenDroneUnavailable,
        ]
        return order.first(where: reasons.contains) ?? .noDroneAvailable
    }
}
