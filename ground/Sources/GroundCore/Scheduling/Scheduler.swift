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
    package func schedule(deliveries: [PendingDelivery], drones allDrones: [AvailableDrone], now: Double)
        -> SchedulingResult
    {
        let drones = allDrones.filter(\.isCandidate)
        let evaluations = deliveries.map { delivery in drones.map { evaluate(delivery, $0) } }
        let matrix = costMatrix(deliveries: deliveries, evaluations: evaluations)
        let solution = AssignmentSolver.solve(matrix)

        var assignments: [ScheduledAssignment] = []
        var unassigned: [String: UnassignedReason] = [:]
        var total = 0.0
        for (row, delivery) in deliveries.enumerated() {
            guard let column = solution.columnForRow[row],
                case let .feasible(pair) = evaluations[row][column]
            else {
                unassigned[delivery.id] = reason(for: delivery, evaluations: evaluations[row])
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
    func reason(for delivery: PendingDelivery, evaluations: [PairEvaluation]) -> UnassignedReason {
        if let area = serviceArea, !area.containsLeg(from: delivery.pickup, to: delivery.dropoff) {
            return .outsideServiceArea
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
            .insufficientRange, .outsideServiceArea, .payloadTooHeavy, .allDronesRejected,
            .chosenDroneUnavailable,
        ]
        return order.first(where: reasons.contains) ?? .noDroneAvailable
    }
}
