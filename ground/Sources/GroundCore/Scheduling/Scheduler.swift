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
        var routed: RoutedDelivery?
        if let router {
            switch router.plan(
                from: drone.position, pickup: delivery.pickup, dropoff: delivery.dropoff, home: drone.home)
            {
            case let .success(found): routed = found
            case let .failure(refusal): return .infeasible(UnassignedReason(refusal))
            }
        }
        let path = routed?.path
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
                energyWh: energyWh, route: route, path: path, airspace: routed?.airspace))
    }

    /// Runs one round. `now` (seconds since epoch) anchors the ETAs.
    ///
    /// Without a service area or zones every leg is straight, and feasibility and cost go straight into
    /// the flat cost matrix (``flatCosts(deliveries:drones:)``: no per-pair allocation, cheap checks before
    /// the energy model). With airspace each pair is routed (``evaluate(_:_:routers:now:)``).
    package func schedule(deliveries: [PendingDelivery], drones allDrones: [AvailableDrone], now: Double)
        -> SchedulingResult
    {
        let drones = allDrones.filter(\.isCandidate)
        var routers: Routers = [:]
        for altitude in Set(drones.map(\.profile.defaultCruiseAltitudeM)) {
            routers[altitude] = router(cruiseAltitudeM: altitude, at: Date(timeIntervalSince1970: now))
        }
        if routers.values.isEmpty { return scheduleStraight(deliveries: deliveries, drones: drones, now: now) }
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

    /// A round in which nothing restricts a route (no service area, no zones).
    ///
    /// Feasibility and cost go straight into the flat cost matrix and a flat reason buffer (no per-pair
    /// allocation); cheap checks (pin, exclusion, payload, service area, a distance bound) run before the
    /// energy model, and the pickup → dropoff leg is costed once per delivery and vehicle profile. Only
    /// the pairs the solver picks are evaluated in full (``evaluate(_:_:)``) for their ETAs and energy.
    func scheduleStraight(deliveries: [PendingDelivery], drones: [AvailableDrone], now: Double) -> SchedulingResult {
        let (matrix, reasons) = flatCosts(deliveries: deliveries, drones: drones)
        let solution = AssignmentSolver.solve(matrix)
        let columns = drones.count

        var assignments: [ScheduledAssignment] = []
        var unassigned: [String: UnassignedReason] = [:]
        var total = 0.0
        for (row, delivery) in deliveries.enumerated() {
            guard let column = solution.columnForRow[row],
                case let .feasible(pair) = evaluate(delivery, drones[column])
            else {
                let codes = reasons[(row * columns)..<((row + 1) * columns)]
                unassigned[delivery.id] = reason(for: delivery, codes: codes)
                continue
            }
            assignments.append(
                ScheduledAssignment(
                    deliveryID: delivery.id, droneID: drones[column].id, secondsToPickup: pair.secondsToPickup,
                    etaPickup: now + pair.secondsToPickup, etaDropoff: now + pair.secondsToDropoff,
                    missionEnergyWh: pair.energyWh, cruiseAltitudeM: pair.route.cruiseAltitudeM,
                    loadingSeconds: pair.route.loadingSeconds))
            total += pair.secondsToPickup
        }
        return SchedulingResult(assignments: assignments, unassigned: unassigned, totalSecondsToPickup: total)
    }

    /// Code of a pair in the flat reason buffer: 0 = feasible, else 1 + the reason's index.
    static func code(_ reason: UnassignedReason) -> UInt8 {
        UInt8(UnassignedReason.allCases.firstIndex(of: reason)! + 1)
    }

    /// Costs in quanta (integers, exact in Double) minus the wait-rank bonus, infeasible = ∞, and the
    /// reason code of every pair. The same verdicts and costs as ``evaluate(_:_:)``: the energy is
    /// ``EnergyModel/estimate(_:)``'s sum, term by term in the same order, from distances computed once.
    ///
    /// Most pairs are clearly feasible or clearly out of range, with margins to spare, and clearly
    /// round to one number of quanta: those are decided from ``HalfAnglePoint`` distances and
    /// ``UnladenFlight`` (a few multiplications, no libm call, no profile copied); they were most of a
    /// round's cost outside the solve. Every other pair is evaluated exactly (``StraightPairModel``).
    func flatCosts(deliveries: [PendingDelivery], drones: [AvailableDrone]) -> (CostMatrix, [UInt8]) {
        let n = deliveries.count
        let m = drones.count
        var values = [Double](repeating: .infinity, count: n * m)
        var reasons = [UInt8](repeating: 0, count: n * m)
        guard n > 0, m > 0 else { return (CostMatrix(rows: n, columns: m), reasons) }
        let bonus = waitBonus(deliveries)
        // Vehicle profiles, usually one for the whole fleet: the delivery leg is costed once per profile.
        var profiles: [VehicleProfile] = []
        var profileOf = [Int](repeating: 0, count: m)
        for (column, drone) in drones.enumerated() {
            if let index = profiles.firstIndex(of: drone.profile) {
                profileOf[column] = index
            } else {
                profileOf[column] = profiles.count
                profiles.append(drone.profile)
            }
        }
        let exact = StraightPairModel(profiles: profiles, drones: drones)
        var deliveryLeg = [FlightCost?](repeating: nil, count: profiles.count)
        let codes = (
            chosen: Self.code(.chosenDroneUnavailable), rejected: Self.code(.allDronesRejected),
            heavy: Self.code(.payloadTooHeavy), area: Self.code(.outsideServiceArea),
            range: Self.code(.insufficientRange)
        )
        let unladen = profiles.map(UnladenFlight.init)
        let quantaPerSecond = 1 / timeQuantum
        // Energy left above the reserve, and the half angles of every home and position, once per drone.
        let budgetWh = (0..<m).map { exact.availableWh[$0] - exact.reserveWh[profileOf[$0]] }
        let homeAngles = exact.homes.map(HalfAnglePoint.init)
        let positionAngles = exact.positions.map(HalfAnglePoint.init)
        let ids = drones.map(\.id)
        let payloadLimits = drones.map(\.profile.maxPayloadKg)
        values.withUnsafeMutableBufferPointer { values in
            reasons.withUnsafeMutableBufferPointer { reasons in
                for row in 0..<n {
                    let delivery = deliveries[row]
                    let legM = delivery.pickup.distance(to: delivery.dropoff)
                    let pickup = HaversinePoint(delivery.pickup), pickupAngles = HalfAnglePoint(pickup)
                    let dropoff = HaversinePoint(delivery.dropoff), dropoffAngles = HalfAnglePoint(dropoff)
                    let checksIDs = delivery.onlyDrone != nil || !delivery.excludedDrones.isEmpty
                    for index in deliveryLeg.indices { deliveryLeg[index] = nil }
                    let base = row * m
                    for column in 0..<m {
                        if checksIDs {
                            if let only = delivery.onlyDrone, only != ids[column] {
                                reasons[base + column] = codes.chosen
                                continue
                            }
                            if delivery.excludedDrones.contains(ids[column]) {
                                reasons[base + column] = codes.rejected
                                continue
                            }
                        }
                        if delivery.payloadKg > payloadLimits[column] {
                            reasons[base + column] = codes.heavy
                            continue
                        }
                        if let area = serviceArea {
                            let drone = drones[column]
                            if !(area.containsLeg(from: drone.position, to: delivery.pickup)
                                && area.containsLeg(from: delivery.pickup, to: delivery.dropoff)
                                && area.containsLeg(from: delivery.dropoff, to: drone.home))
                            {
                                reasons[base + column] = codes.area
                                continue
                            }
                        }
                        let profile = profileOf[column]
                        let leg: FlightCost
                        if let cached = deliveryLeg[profile] {
                            leg = cached
                        } else {
                            leg = Self.deliveryLeg(profiles[profile], legM: legM, payloadKg: delivery.payloadKg)
                            deliveryLeg[profile] = leg
                        }
                        if let toPickup = homeAngles[column].distance(to: pickupAngles),
                            let approach = exact.atHome[column]
                                ? toPickup : positionAngles[column].distance(to: pickupAngles)
                        {
                            let pair = UnladenFlight.Pair(
                                toPickupM: toPickup, approachM: approach, legM: legM, legEnergyWh: leg.energyWh,
                                budgetWh: budgetWh[column], rangeBoundM: exact.rangeBound[profile],
                                quanta: quantaPerSecond)
                            let verdict = unladen[profile].verdict(pair) {
                                dropoffAngles.distance(to: homeAngles[column])
                            }
                            switch verdict {
                            case let .cost(quanta):
                                values[base + column] = quanta - bonus[row]
                                continue
                            case .outOfRange:
                                reasons[base + column] = codes.range
                                continue
                            case nil: break
                            }
                        }
                        // Near a limit or a rounding step, next to the drone, or far apart.
                        switch exact.secondsToPickup(
                            column: column, profile: profile, pickup: pickup, dropoff: dropoff, legM: legM, leg: leg)
                        {
                        case let .some(seconds):
                            values[base + column] = (seconds / timeQuantum).rounded() - bonus[row]
                        case .none:
                            reasons[base + column] = codes.range
                        }
                    }
                }
            }
        }
        // The shape is ours, so the values always fit it.
        let matrix = CostMatrix(rows: n, columns: m, values: values) ?? CostMatrix(rows: n, columns: m)
        return (matrix, reasons)
    }

    /// The pickup → dropoff leg as ``EnergyModel/estimate(_:)`` costs it: climb with the payload,
    /// cruise, descend to the release altitude, hover, climb back empty.
    static func deliveryLeg(_ v: VehicleProfile, legM: Double, payloadKg p: Double) -> FlightCost {
        let h = v.defaultCruiseAltitudeM
        let drop = h - v.releaseAltitudeM
        let release =
            v.descend(drop, payloadKg: p) + v.hover(v.releaseHoverSeconds, payloadKg: 0) + v.climb(drop, payloadKg: 0)
        return v.climb(h, payloadKg: p) + v.cruise(legM, payloadKg: p) + release
    }

    /// Rank 1 = most recent request … n = oldest, as `k / (n(n+1)/2 + 1)` quanta; ties in requestedAt
    /// share the order of the input.
    func waitBonus(_ deliveries: [PendingDelivery]) -> [Double] {
        let n = deliveries.count
        let byNewest = deliveries.indices.sorted { deliveries[$0].requestedAt > deliveries[$1].requestedAt }
        var bonus = [Double](repeating: 0, count: n)
        let denominator = Double(n) * Double(n + 1) / 2 + 1
        for (position, index) in byNewest.enumerated() { bonus[index] = Double(position + 1) / denominator }
        return bonus
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

    /// The same over a row of the flat reason buffer (0 = feasible).
    func reason(for delivery: PendingDelivery, codes: ArraySlice<UInt8>) -> UnassignedReason {
        if let area = serviceArea, !area.containsLeg(from: delivery.pickup, to: delivery.dropoff) {
            return .outsideServiceArea
        }
        if codes.isEmpty { return delivery.onlyDrone == nil ? .noDroneAvailable : .chosenDroneUnavailable }
        if codes.contains(0) { return .dronesAssignedElsewhere }
        let reasons = Set(codes.map { UnassignedReason.allCases[Int($0) - 1] })
        // Report the constraint that fails for the drones that got furthest through the checks.
        // (For a pinned delivery the other drones all say chosenDroneUnavailable; the chosen one's own
        // reason, when it was evaluated, comes first.)
        let order: [UnassignedReason] = [
            .insufficientRange, .outsideServiceArea, .payloadTooHeavy, .allDronesRejected,
            .chosenDroneUnavailable,
        ]
        return order.first(where: reasons.contains) ?? .noDroneAvailable
    }
}
