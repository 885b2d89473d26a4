import FleetProtocol

/// One optimal scheduling round over a snapshot of pending deliveries and the fleet.
///
/// Cost of a (delivery, drone) pair = seconds until the drone has landed at the pickup.
/// A pair is infeasible when the drone is excluded for that delivery, the payload exceeds its
/// maximum, a leg (current→pickup→dropoff→home) leaves the service area, or the route's energy plus
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

    package init(serviceArea: ServiceArea? = nil, timeQuantum: Double = 0.001) {
        self.serviceArea = serviceArea
        self.timeQuantum = timeQuantum
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
    }

    /// Feasibility is the agent's own acceptance rule (``EnergyModel/estimate(_:)`` on the route from the
    /// drone's home with the drone's profile and reserve), so ground never offers what the drone would
    /// refuse on energy; the cost is the same model's time from the drone's position to the pickup.
    func evaluate(_ delivery: PendingDelivery, _ drone: AvailableDrone) -> PairEvaluation {
        if let only = delivery.onlyDrone, only != drone.id { return .infeasible(.chosenDroneUnavailable) }
        if delivery.excludedDrones.contains(drone.id) { return .infeasible(.allDronesRejected) }
        if delivery.payloadKg > drone.maxPayloadKg { return .infeasible(.payloadTooHeavy) }
        if let area = serviceArea {
            let legs = [
                (drone.position, delivery.pickup), (delivery.pickup, delivery.dropoff), (delivery.dropoff, drone.home),
            ]
            if !legs.allSatisfy({ area.containsLeg(from: $0.0, to: $0.1) }) { return .infeasible(.outsideServiceArea) }
        }
        let model = EnergyModel(vehicle: drone.profile)
        let route = RoutePlan(
            home: drone.home, pickup: delivery.pickup, dropoff: delivery.dropoff,
            payloadKg: delivery.payloadKg, vehicle: drone.profile)
        let estimate = model.estimate(route)
        guard estimate.isFeasible(availableWh: model.energyWh(atPercent: drone.batteryPercent)) else {
            return .infeasible(.insufficientRange)
        }
        let remaining = model.remaining(route, from: drone.position, altitudeRelM: 0, phase: .accepted)
        return .feasible(
            FeasiblePair(
                secondsToPickup: remaining.untilPickupS, secondsToDropoff: remaining.untilDropoffS,
                energyWh: estimate.totalEnergyWh, route: route))
    }

    /// Runs one round. `now` (seconds since epoch) anchors the ETAs.
    ///
    /// Feasibility and cost go straight into the flat cost matrix and a flat reason buffer (no per-pair
    /// allocation); cheap checks (pin, exclusion, payload, service area, a distance bound) run before the
    /// energy model, and the pickup → dropoff leg is costed once per delivery and vehicle profile. Only
    /// the pairs the solver picks are evaluated in full (``evaluate(_:_:)``) for their ETAs and energy.
    package func schedule(deliveries: [PendingDelivery], drones allDrones: [AvailableDrone], now: Double)
        -> SchedulingResult
    {
        let drones = allDrones.filter(\.isCandidate)
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
    func flatCosts(deliveries: [PendingDelivery], drones: [AvailableDrone]) -> (CostMatrix, [UInt8]) {
        let n = deliveries.count
        let m = drones.count
        var matrix = CostMatrix(rows: n, columns: m)
        var reasons = [UInt8](repeating: 0, count: n * m)
        guard n > 0, m > 0 else { return (matrix, reasons) }
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
        let availableWh = drones.map { EnergyModel(vehicle: $0.profile).energyWh(atPercent: $0.batteryPercent) }
        // The range bound is a lower bound of the energy model only when accelerating costs at least
        // what cruising the same distance does (hover power ≥ half the cruise power: every multirotor).
        let rangeBound = profiles.map { $0.hoverPowerW * 2 >= $0.cruisePowerW ? $0.maxRangeM : Double.infinity }
        var deliveryLeg = [FlightCost?](repeating: nil, count: profiles.count)
        let infeasibleCodes = (
            chosen: Self.code(.chosenDroneUnavailable), rejected: Self.code(.allDronesRejected),
            heavy: Self.code(.payloadTooHeavy), area: Self.code(.outsideServiceArea),
            range: Self.code(.insufficientRange)
        )
        for row in 0..<n {
            let delivery = deliveries[row]
            let legM = delivery.pickup.distance(to: delivery.dropoff)
            for index in deliveryLeg.indices { deliveryLeg[index] = nil }
            let base = row * m
            for column in 0..<m {
                let drone = drones[column]
                if let only = delivery.onlyDrone, only != drone.id {
                    reasons[base + column] = infeasibleCodes.chosen
                    continue
                }
                if delivery.excludedDrones.contains(drone.id) {
                    reasons[base + column] = infeasibleCodes.rejected
                    continue
                }
                let v = drone.profile
                if delivery.payloadKg > v.maxPayloadKg {
                    reasons[base + column] = infeasibleCodes.heavy
                    continue
                }
                if let area = serviceArea,
                    !(area.containsLeg(from: drone.position, to: delivery.pickup)
                        && area.containsLeg(from: delivery.pickup, to: delivery.dropoff)
                        && area.containsLeg(from: delivery.dropoff, to: drone.home))
                {
                    reasons[base + column] = infeasibleCodes.area
                    continue
                }
                let toPickupM = drone.home.distance(to: delivery.pickup)
                let toHomeM = delivery.dropoff.distance(to: drone.home)
                let profile = profileOf[column]
                if toPickupM + legM + toHomeM > rangeBound[profile] {
                    reasons[base + column] = infeasibleCodes.range
                    continue
                }
                let h = v.defaultCruiseAltitudeM
                let leg: FlightCost
                if let cached = deliveryLeg[profile] {
                    leg = cached
                } else {
                    let p = delivery.payloadKg, drop = h - v.releaseAltitudeM
                    let release =
                        v.descend(drop, payloadKg: p) + v.hover(v.releaseHoverSeconds, payloadKg: 0)
                        + v.climb(drop, payloadKg: 0)
                    leg = v.climb(h, payloadKg: p) + v.cruise(legM, payloadKg: p) + release
                    deliveryLeg[profile] = leg
                }
                let toPickup =
                    v.climb(h, payloadKg: 0) + v.cruise(toPickupM, payloadKg: 0) + v.descend(h, payloadKg: 0)
                    + v.onGround(v.loadingSeconds)
                let toHome = v.cruise(toHomeM, payloadKg: 0) + v.descend(h, payloadKg: 0)
                let energy = (FlightCost.zero + toPickup + leg + toHome).energyWh
                guard energy + v.batteryCapacityWh * v.reserveFraction <= availableWh[column] else {
                    reasons[base + column] = infeasibleCodes.range
                    continue
                }
                // EnergyModel.remaining(_:from:altitudeRelM: 0, phase: .accepted).untilPickupS.
                let approachM = drone.position == drone.home ? toPickupM : drone.position.distance(to: delivery.pickup)
                let approach =
                    v.climb(h - 0, payloadKg: 0) + v.cruise(approachM, payloadKg: 0) + v.descend(h, payloadKg: 0)
                matrix[row, column] = (approach.durationS / timeQuantum).rounded() - bonus[row]
            }
        }
        return (matrix, reasons)
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

    /// Costs in quanta minus the wait-rank bonus from full per-pair evaluations (the reference the flat
    /// path is tested against).
    func costMatrix(deliveries: [PendingDelivery], evaluations: [[PairEvaluation]]) -> CostMatrix {
        let n = deliveries.count
        let columns = evaluations.first?.count ?? 0
        let bonus = waitBonus(deliveries)
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
    func reason(for delivery: PendingDelivery, evaluations: [PairEvaluation]) -> UnassignedReason {
        let codes = evaluations.map { evaluation -> UInt8 in
            switch evaluation {
            case .feasible: 0
            case let .infeasible(reason): Self.code(reason)
            }
        }
        return reason(for: delivery, codes: codes[...])
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
