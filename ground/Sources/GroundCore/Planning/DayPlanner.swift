import FleetProtocol

/// The rolling day planner: every delivery not yet flown over every drone, busy ones included, as
/// per-drone queues with ETAs.
///
/// Entry point for callers in simulated time (benchmarks/day): `DayPlanner(depots:).plan(now:drones:deliveries:)`.
/// It is a pure function of its arguments (no clock, no I/O, no randomness), so a harness can call it
/// at any simulated `now` with the drones' states at that moment (``PlannerDrone``: busy drones as
/// free at the end of their job) and the open deliveries (``PlannerJob``), and read each drone's queue
/// with launch times and ETAs from the returned ``DayPlan``. The dispatcher (GroundLink) does exactly
/// that on the leader and sends only ``DayPlan/due(now:)`` queue heads.
///
/// Method (sequential insertion, cheapest feasible tail of a queue):
/// - Deliveries are taken in slots of ``slotSeconds`` by earliest pickup; within a slot every express
///   delivery before any standard one, then by due time (window end or deadline), then by age.
/// - Each goes to the end of the queue where its cost is lowest: seconds from now to its dropoff plus
///   ``latenessWeight`` × lateness (pickup after the window end plus dropoff after the deadline).
///   Lateness only adds, so a drone whose optimistic bound (free time plus straight flights at cruise
///   speed) is already above the best cost is skipped before the energy model runs.
/// - A drone launches at the later of when it is free (recharged) and `window start − time to pickup`,
///   so it never waits at the pickup for the window to open.
/// - Energy: the agent's own acceptance rule (``EnergyModel/estimate(_:)`` from home with reserve, and
///   the dispatcher's battery floor). Short of it, a drone whose home is a depot recharges first (charge
///   at the depot's power, or swap), on one of the depot's pads, which are a capacity: a drone waits for
///   a free pad. A drone with no depot but a reported ready time (telemetry `readyAtMs`) is planned full
///   from then on. Otherwise it cannot take the job.
/// - Hysteresis: a delivery the previous plan gave to a drone stays with it unless another drone is
///   better by more than ``hysteresisSeconds``, so queues do not flip on every telemetry sample.
package struct DayPlanner: Sendable {
    package var serviceArea: ServiceArea?
    package var depots: [Depot]
    /// Cost seconds per second late (window end missed or deadline missed).
    package var latenessWeight: Double
    /// Gain (cost seconds) another drone must offer before a planned delivery moves to it.
    package var hysteresisSeconds: Double
    /// A drone launches with at least this state of charge (the dispatcher's floor), percent.
    package var minimumBatteryPercent: Double
    /// A drone whose home is this close to a depot recharges there, metres.
    package var depotRadiusM: Double
    /// Width of the earliest-pickup slots in which express goes first, seconds.
    package var slotSeconds: Double

    package init(
        serviceArea: ServiceArea? = nil, depots: [Depot] = [], latenessWeight: Double = 10,
        hysteresisSeconds: Double = 60, minimumBatteryPercent: Double = 0, depotRadiusM: Double = 200,
        slotSeconds: Double = 900
    ) {
        self.serviceArea = serviceArea
        self.depots = depots
        self.latenessWeight = latenessWeight
        self.hysteresisSeconds = hysteresisSeconds
        self.minimumBatteryPercent = minimumBatteryPercent
        self.depotRadiusM = depotRadiusM
        self.slotSeconds = slotSeconds
    }

    /// A drone's planning state as jobs are appended to its queue.
    struct Slot {
        var time: Double
        var position: GeoPoint
        var energyWh: Double
        /// Index in ``depots`` of the depot at its home.
        var depot: Int?
        /// A reported ready time (full pack) for a drone without a known depot.
        var readyAt: Double?
        var queue: [PlannedJob] = []
    }

    /// The best placement of one delivery on one drone.
    struct Candidate {
        var drone: Int
        var cost: Double
        var job: PlannedJob
        var energyAfterWh: Double
        /// The pad taken for the recharge before the job, and until when.
        var pad: (depot: Int, index: Int, busyUntil: Double)?
    }

    enum Evaluation {
        case feasible(Candidate)
        case infeasible(UnassignedReason)
    }

    /// Plans every delivery in `deliveries` over `drones` at `now` (seconds since epoch).
    package func plan(now: Double, drones: [PlannerDrone], deliveries: [PlannerJob]) -> DayPlan {
        var slots = drones.map { slot(for: $0, now: now) }
        var pads = depots.map { [Double](repeating: now, count: max($0.pads, 1)) }
        // A drone on a pad now keeps it until it said it would be ready.
        for (index, drone) in drones.enumerated() where drone.onPad {
            guard let depot = slots[index].depot, let ready = drone.readyAt, ready > now,
                let free = pads[depot].indices.min(by: { pads[depot][$0] < pads[depot][$1] })
            else { continue }
            pads[depot][free] = max(pads[depot][free], ready)
        }
        let droneIndex = Dictionary(drones.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })

        var plan = DayPlan()
        var bounds = [Double](repeating: 0, count: drones.count)
        var byBound = Array(drones.indices)
        for job in order(deliveries, now: now) {
            let legM = job.pickup.distance(to: job.dropoff)
            var best: Candidate?
            var reasons: Set<UnassignedReason> = []
            var previous: Candidate?

            func consider(_ index: Int) {
                switch evaluate(job, legM: legM, drones[index], index, slots[index], pads: pads, now: now) {
                case let .feasible(candidate):
                    if drones[index].id == job.previousDrone { previous = candidate }
                    if best == nil || candidate.cost < best!.cost { best = candidate }
                case let .infeasible(reason):
                    reasons.insert(reason)
                }
            }

            if let only = job.onlyDrone {
                if let index = droneIndex[only] { consider(index) } else { reasons.insert(.chosenDroneUnavailable) }
            } else {
                if let previousDrone = job.previousDrone, let index = droneIndex[previousDrone] { consider(index) }
                // Optimistic bound per drone, then full evaluations in bound order until the bound
                // cannot beat the best cost found.
                for index in drones.indices {
                    let speed = drones[index].profile.cruiseSpeedMps
                    bounds[index] =
                        max(slots[index].time, now) - now
                        + (slots[index].position.distance(to: job.pickup) + legM) / speed
                }
                byBound.sort { bounds[$0] < bounds[$1] }
                for index in byBound {
                    if let best, bounds[index] >= best.cost { break }
                    if drones[index].id == job.previousDrone { continue }
                    consider(index)
                }
            }

            guard var chosen = best else {
                plan.unplaced[job.id] = Self.reason(reasons, pinned: job.onlyDrone != nil, noDrones: drones.isEmpty)
                continue
            }
            if let previous, previous.drone != chosen.drone, chosen.cost > previous.cost - hysteresisSeconds {
                chosen = previous
            }
            var slot = slots[chosen.drone]
            chosen.job.queueIndex = slot.queue.count
            slot.queue.append(chosen.job)
            slot.time = chosen.job.returnAt
            slot.position = drones[chosen.drone].home
            slot.energyWh = chosen.energyAfterWh
            if chosen.job.rechargeSeconds > 0 { slot.readyAt = nil }
            slots[chosen.drone] = slot
            if let pad = chosen.pad { pads[pad.depot][pad.index] = pad.busyUntil }
        }
        for (index, slot) in slots.enumerated() where !slot.queue.isEmpty { plan.queues[drones[index].id] = slot.queue }
        return plan
    }

    /// The planning state of a drone before any new job.
    func slot(for drone: PlannerDrone, now: Double) -> Slot {
        let depot = depots.indices.min {
            depots[$0].location.distance(to: drone.home) < depots[$1].location.distance(to: drone.home)
        }.flatMap { depots[$0].location.distance(to: drone.home) <= depotRadiusM ? $0 : nil }
        let ready = drone.readyAt.flatMap { $0 > now && drone.onPad ? $0 : nil }
        return Slot(
            time: max(drone.availableAt, now), position: drone.position, energyWh: drone.energyWh, depot: depot,
            readyAt: ready)
    }

    /// Deliveries in planning order: by earliest-pickup slot, express first, then due time, then age.
    func order(_ deliveries: [PlannerJob], now: Double) -> [PlannerJob] {
        func slotOf(_ job: PlannerJob) -> Double {
            ((max(job.earliestPickup ?? now, now) - now) / slotSeconds).rounded(.down)
        }
        func dueOf(_ job: PlannerJob) -> Double { min(job.latestPickup ?? .infinity, job.deadline ?? .infinity) }
        return deliveries.sorted { a, b in
            let sa = slotOf(a), sb = slotOf(b)
            if sa != sb { return sa < sb }
            if a.priority != b.priority { return a.priority == .express }
            let da = dueOf(a), db = dueOf(b)
            if da != db { return da < db }
            if a.requestedAt != b.requestedAt { return a.requestedAt < b.requestedAt }
            return a.id < b.id
        }
    }

    /// The job appended to `slot`'s queue, or why this drone cannot fly it.
    func evaluate(
        _ job: PlannerJob, legM: Double, _ drone: PlannerDrone, _ index: Int, _ slot: Slot, pads: [[Double]],
        now: Double
    ) -> Evaluation {
        if job.excludedDrones.contains(drone.id) { return .infeasible(.allDronesRejected) }
        if job.payloadKg > drone.profile.maxPayloadKg { return .infeasible(.payloadTooHeavy) }
        // Cheapest bound first: a route longer than the pack's range never fits (no energy model needed).
        if slot.position.distance(to: job.pickup) + legM + job.dropoff.distance(to: drone.home)
            > drone.profile.maxRangeM
        {
            return .infeasible(.insufficientRange)
        }
        if let area = serviceArea,
            !(area.containsLeg(from: slot.position, to: job.pickup)
                && area.containsLeg(from: job.pickup, to: job.dropoff)
                && area.containsLeg(from: job.dropoff, to: drone.home))
        {
            return .infeasible(.outsideServiceArea)
        }
        let profile = drone.profile
        let model = EnergyModel(vehicle: profile)
        let route = RoutePlan(
            home: drone.home, pickup: job.pickup, dropoff: job.dropoff, payloadKg: job.payloadKg, vehicle: profile)
        let estimate = model.estimate(route)
        let capacity = profile.batteryCapacityWh
        let needWh = max(estimate.requiredEnergyWh, capacity * minimumBatteryPercent / 100)
        guard needWh <= capacity else { return .infeasible(.insufficientRange) }

        var ready = slot.time
        var energy = slot.energyWh
        var rechargeSeconds = 0.0
        var depotID: String?
        var pad: (depot: Int, index: Int, busyUntil: Double)?
        if energy < needWh {
            if let depotIndex = slot.depot {
                let depot = depots[depotIndex]
                let times = pads[depotIndex]
                let free = times.indices.min { times[$0] < times[$1] } ?? 0
                let start = max(ready, times[free])
                rechargeSeconds = depot.recoverySeconds(fromWh: energy, toWh: needWh)
                energy = depot.energyAfterRecovery(fromWh: energy, toWh: needWh, capacityWh: capacity)
                ready = start + rechargeSeconds
                rechargeSeconds = ready - slot.time
                depotID = depot.depotID
                pad = (depotIndex, free, ready)
            } else if let readyAt = slot.readyAt {
                rechargeSeconds = max(0, readyAt - ready)
                ready = max(ready, readyAt)
                energy = capacity
            } else {
                return .infeasible(.insufficientRange)
            }
        }

        let remaining = model.remaining(route, from: slot.position, altitudeRelM: 0, phase: .accepted)
        var launch = ready
        if let earliest = job.earliestPickup { launch = max(launch, earliest - remaining.untilPickupS) }
        let pickup = launch + remaining.untilPickupS
        let dropoff = launch + remaining.untilDropoffS
        let late = max(0, pickup - (job.latestPickup ?? .infinity)) + max(0, dropoff - (job.deadline ?? .infinity))
        // Uncertainty grows with how far ahead the plan looks (jobs before it, recharging) and with the
        // flight itself (wind, queueing at the pickup): 30 s + 10 % of the wait + 5 % of the flight.
        let margin = 30 + 0.1 * max(0, launch - now) + 0.05 * remaining.untilDropoffS
        let planned = PlannedJob(
            deliveryID: job.id, droneID: drone.id, queueIndex: slot.queue.count, launchAt: launch, etaPickup: pickup,
            etaDropoff: dropoff, returnAt: launch + remaining.durationS, rechargeSeconds: rechargeSeconds,
            depotID: depotID, missionEnergyWh: estimate.totalEnergyWh, lateSeconds: late, marginSeconds: margin,
            cruiseAltitudeM: route.cruiseAltitudeM, loadingSeconds: route.loadingSeconds)
        return .feasible(
            Candidate(
                drone: index, cost: dropoff - now + latenessWeight * late, job: planned,
                energyAfterWh: energy - remaining.energyWh, pad: pad))
    }

    /// The most specific reason no drone could take a delivery, as the scheduler reports it.
    static func reason(_ reasons: Set<UnassignedReason>, pinned: Bool, noDrones: Bool) -> UnassignedReason {
        if noDrones { return pinned ? .chosenDroneUnavailable : .noDroneAvailable }
        let order: [UnassignedReason] = [
            .insufficientRange, .outsideServiceArea, .payloadTooHeavy, .allDronesRejected, .chosenDroneUnavailable,
        ]
        return order.first(where: reasons.contains) ?? .noDroneAvailable
    }
}
