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
/// Method (sequential insertion, cheapest feasible place in a queue):
/// - Deliveries are taken in slots of ``slotSeconds`` by earliest pickup; within a slot every express
///   delivery before any standard one, then by due time (window end or deadline), then by age.
///   ``promiseRule`` says where promised deliveries (``PlannerJob/promisedDropoff``, the first dropoff
///   quoted) go: `none` (the default) keeps that order; `beforeLaterDue` plans each promise before every
///   new delivery due later than it, so a later booking never makes an earlier promise late when a later
///   slot can serve it; `first` plans every promise first. Express goes before standard among deliveries
///   not yet promised under every rule. docs/ground-control.md says why the default is `none`.
/// - Each goes where its cost is lowest: seconds from now to its dropoff plus ``latenessWeight`` ×
///   lateness (pickup after the window end plus dropoff after the deadline); for a promised delivery, its
///   slip past the promise also weighs as lateness, and with ``holdsForPromise`` the slip alone counts (a
///   held job lands on its promise, never earlier). The place is the end of a drone's queue or,
///   with ``fillsGaps``, the idle time before a queued job when the drone is back in time and the later
///   jobs still launch with what they need.
/// - Search: drones are tried in order of an optimistic bound (free time plus straight flights at cruise
///   speed) until it cannot beat the best cost found. A drone's floor (the job's own route from home
///   launched at its first free moment: after the recharge it needs at the queue's end, or the first gap it
///   would be back from in time; the cost never falls with a later launch) skips it when not below the best,
///   before the energy model and the pads. Each job's route is costed once per home and profile. Neither
///   changes the plan: only drones that cannot beat the best are skipped, in the same order.
///   (``search(_:drones:slots:pads:now:state:)``; what carries from one delivery to the next, the bound
///   order included, is ``PlannerSearch``. A re-plan at 200 drones runs it once per open delivery, so it
///   reads the plan in place, copies no strings per drone, and sorts the bounds per group and merges.)
/// - With ``holdsForPromise`` (off by default), a promised delivery's launch is held so that it lands on its
///   promise, not before, but never past its window's end or deadline. Off, a drone free early flies at once
///   and the delivery's ETA moves earlier: a free drone kept on the ground is capacity the rest of the day
///   lacks, and a customer told "earlier" is rarely worse off.
/// - A drone launches at the later of when it is free (recharged) and `window start − time to pickup`,
///   so it never waits at the pickup for the window to open.
/// - Energy: the agent's own acceptance rule (``EnergyModel/estimate(_:)`` from home with reserve, and
///   the dispatcher's battery floor). Short of it, a drone whose home is a depot recharges first (charge
///   at the depot's power with the CC-CV taper of ``Depot/recoverySeconds(fromWh:toWh:capacityWh:)``, or
///   swap) on one of the depot's pads. Pads go first come, first served: a drone back home takes the first
///   free pad from when it lands and holds it until it launches or is full, charging all the while. A drone
///   with no depot but a reported ready time (telemetry `readyAtMs`) is planned full from then on.
///   Otherwise it cannot take the job.
/// - Airspace: when no-fly zones apply (``temporaryZones`` and the service area's own, active at `now`
///   and restricting the drone's cruise altitude), every leg is routed around them (``AirspaceRouter``,
///   each (from, to) pair once per plan) and the times, lateness and energy use the routed length: the
///   straight estimate plus the detour (``RouteDetour``), as the scheduler prices it. A job with no safe
///   path is not planned and its reason says why. Without zones the legs stay straight (no router).
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
    /// Operator zones (the service area brings its permanent ones); inactive ones are skipped.
    package var temporaryZones: [NoFlyZone] = []
    /// Distance every route keeps from every zone, metres.
    package var zoneBufferM = AirspaceRouter.defaultBufferM
    /// Where promised deliveries go in the planning order (see the type's doc).
    package var promiseRule = PromiseRule.none
    /// Whether a promised delivery's launch is held so that it lands on its promise, not before
    /// (ground's `--promise-hold`).
    package var holdsForPromise = false
    /// Whether a new job may slot in before queued ones (in the idle time before a held launch).
    package var fillsGaps = true

    package enum PromiseRule: String, Sendable, CaseIterable {
        /// Every promised delivery before any new one, by promise.
        case first
        /// Within each earliest-pickup slot, promised before new ones.
        case firstInSlot
        /// The promise does not change the order (only the cost and the hold).
        case none
        /// Promises by time, each before every new job due later than it (a new job due earlier goes first).
        case beforeLaterDue
    }

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
        /// The depot pad it stands on (or queues for) from `time`, charging until it launches or is full.
        var claim: PadClaim?
        var queue: [PlannedJob] = []
        /// The drone's state before each queued job (parallel to `queue`), where a new job may slot in.
        var gaps: [Gap] = []
    }

    /// Where a drone is before one of its queued jobs, and the energy that job launches with.
    struct Gap {
        var time: Double
        var position: GeoPoint
        var energyWh: Double
        /// When it is on a pad charging from (nil: no depot pad).
        var padFrom: Double?
        /// The energy the queued job launches with, what it needs then, and what its flight uses.
        var launchEnergyWh: Double
        var needWh: Double
        var usedWh: Double
    }

    /// A drone's hold on a depot pad, as a depot runs them: the drone takes the first pad free once it is
    /// back (first come, first served) and keeps it until it is full or launches.
    struct PadClaim {
        var depot: Int
        var pad: Int
        /// When it gets the pad (it may wait for one after landing) and when it would be full.
        var from: Double
        var until: Double
        /// The pad's free time before this claim, to give it back when the drone leaves before its turn.
        var freeBefore: Double
    }

    /// The best placement of one delivery on one drone.
    struct Candidate {
        var drone: Int
        var cost: Double
        var job: JobDraft
        var energyAfterWh: Double
        /// Energy in the pack at the launch, what the flight needs then and what it uses.
        var launchEnergyWh: Double
        var needWh: Double
        var usedWh: Double
        /// When the drone is on its depot's pad before the launch (nil: not on one).
        var padFrom: Double?
        /// The pad taken for the recharge before the job, and until when.
        var pad: (depot: Int, index: Int, busyUntil: Double)?
        /// The queued job it slots in before (nil: at the end of the queue).
        var gap: Int?
    }

    enum Evaluation {
        case feasible(Candidate)
        case infeasible(UnassignedReason)
    }

    /// A delivery's route flown from one home with one vehicle profile: the same for every drone of
    /// that home and profile (a depot's drones), so it is costed once per delivery and group. A class, so
    /// that each of the group's drones reads it by reference: copying its few hundred bytes per drone was a
    /// fifth of a re-plan.
    final class RouteCost {
        let route: RoutePlan
        let estimate: FlightPlanEstimate
        /// What the flight needs at launch: the agent's rule (energy plus reserve) or the floor.
        let needWh: Double
        /// The flight launched from home (phase `accepted`), around the zones.
        let fromHome: RemainingEstimate
        /// Energy of the whole mission without reserve, Wh, around the zones.
        let missionWh: Double
        /// Whether the legs are routed around zones (then the router, not the straight-leg check, judges
        /// the service area).
        let routed: Bool

        init(
            route: RoutePlan, estimate: FlightPlanEstimate, needWh: Double, fromHome: RemainingEstimate,
            missionWh: Double, routed: Bool
        ) {
            self.route = route
            self.estimate = estimate
            self.needWh = needWh
            self.fromHome = fromHome
            self.missionWh = missionWh
            self.routed = routed
        }
    }

    /// A delivery's route from one group's home, or why the zones leave it none.
    enum RouteCosting {
        case costed(RouteCost)
        case refused(UnassignedReason)
    }

    /// Plans every delivery in `deliveries` over `drones` at `now` (seconds since epoch).
    package func plan(now: Double, drones: [PlannerDrone], deliveries: [PlannerJob]) -> DayPlan {
        var slots = drones.map { slot(for: $0, now: now) }
        var pads = DepotPads(depots: depots, now: now)
        // A drone on a pad now keeps it until it is full (when it said it would be) or launches.
        for (index, drone) in drones.enumerated() where drone.onPad {
            let full = drone.readyAt.flatMap { $0 > now ? $0 : nil }
            guard
                let claim = padClaim(
                    slots[index], home: drone.home, capacityWh: drone.profile.batteryCapacityWh, pads: pads,
                    fullAt: full)
            else { continue }
            slots[index].claim = claim
            pads[claim.depot, claim.pad] = claim.until
        }
        var search = PlannerSearch(
            drones: drones,
            routes: PlannerRoutes(serviceArea: serviceArea, zones: temporaryZones, bufferM: zoneBufferM, now: now))

        var plan = DayPlan()
        for job in order(deliveries, now: now) {
            let (best, previous, reasons) = self.search(
                job, drones: drones, slots: slots, pads: pads, now: now, state: &search)
            guard var chosen = best else {
                plan.unplaced[job.id] = Self.reason(reasons, pinned: job.onlyDrone != nil, noDrones: drones.isEmpty)
                continue
            }
            if let previous, previous.drone != chosen.drone, chosen.cost > previous.cost - hysteresisSeconds {
                chosen = previous
            }
            var slot = slots[chosen.drone]
            if let gap = chosen.gap {
                var after = slot.gaps[gap]
                after.time = chosen.job.returnAt
                after.position = drones[chosen.drone].home
                after.energyWh = chosen.energyAfterWh
                after.padFrom = slot.depot == nil ? nil : chosen.job.returnAt
                slot.queue.insert(
                    chosen.job.planned(
                        deliveryID: job.id, droneID: drones[chosen.drone].id, queueIndex: gap, depots: depots),
                    at: gap)
                slot.gaps[gap].launchEnergyWh = chosen.launchEnergyWh
                slot.gaps[gap].needWh = chosen.needWh
                slot.gaps[gap].usedWh = chosen.usedWh
                slot.gaps.insert(after, at: gap + 1)
                // The jobs after it launch with what is left (it was checked to be enough).
                if let chain = chain(slot, from: gap + 1, capacityWh: drones[chosen.drone].profile.batteryCapacityWh) {
                    for (offset, energy) in chain.launches.enumerated() {
                        let position = gap + 1 + offset
                        // The next job now charges from this one's return.
                        if offset == 0, energy > after.energyWh {
                            slot.queue[position].rechargeSeconds = slot.queue[position].launchAt - after.time
                        }
                        slot.gaps[position].launchEnergyWh = energy
                        if position + 1 < slot.gaps.count {
                            slot.gaps[position + 1].energyWh = energy - slot.gaps[position].usedWh
                        }
                    }
                    slot.energyWh = chain.tailWh
                }
                for position in slot.queue.indices { slot.queue[position].queueIndex = position }
                slots[chosen.drone] = slot
                continue
            }
            slot.queue.append(
                chosen.job.planned(
                    deliveryID: job.id, droneID: drones[chosen.drone].id, queueIndex: slot.queue.count,
                    depots: depots))
            slot.gaps.append(
                Gap(
                    time: slot.time, position: slot.position, energyWh: slot.energyWh, padFrom: chosen.padFrom,
                    launchEnergyWh: chosen.launchEnergyWh, needWh: chosen.needWh, usedWh: chosen.usedWh))
            // The pad it charges on before the launch: held from its turn until it leaves.
            if let claim = slot.claim {
                release(claim, at: chosen.job.launchAt, pads: &pads)
            } else if let claim = padClaim(
                slot, home: drones[chosen.drone].home, capacityWh: drones[chosen.drone].profile.batteryCapacityWh,
                pads: pads), chosen.job.launchAt > claim.from
            {
                pads[claim.depot, claim.pad] = min(claim.until, chosen.job.launchAt)
            }
            slot.claim = nil
            slot.time = chosen.job.returnAt
            slot.position = drones[chosen.drone].home
            slot.energyWh = chosen.energyAfterWh
            if chosen.job.rechargeSeconds > 0 { slot.readyAt = nil }
            if let pad = chosen.pad { pads[pad.depot, pad.index] = pad.busyUntil }
            slots[chosen.drone] = slot
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

    /// The pad a drone back home at its depot with less than a full pack takes: the first one free from when
    /// it lands, until it is full (`fullAt` when it said so) or launches.
    func padClaim(
        _ slot: Slot, home: GeoPoint, capacityWh capacity: Double, pads: DepotPads, fullAt: Double? = nil
    ) -> PadClaim? {
        guard let depotIndex = slot.depot, slot.position == home, slot.energyWh < capacity else { return nil }
        let free = pads.firstFree[depotIndex]
        let from = max(slot.time, pads[depotIndex, free])
        let until =
            fullAt
            ?? from
            + pads.chargers[depotIndex].recoverySeconds(fromWh: slot.energyWh, toWh: capacity, capacityWh: capacity)
        return PadClaim(depot: depotIndex, pad: free, from: from, until: until, freeBefore: pads[depotIndex, free])
    }

    /// The drone launches at `launch`: its pad is free from then (or was never taken when it leaves before
    /// its turn). A pad another drone has been planned on after it stays planned as it was.
    func release(_ claim: PadClaim, at launch: Double, pads: inout DepotPads) {
        guard pads[claim.depot, claim.pad] == claim.until, launch < claim.until else { return }
        pads[claim.depot, claim.pad] = launch <= claim.from ? claim.freeBefore : launch
    }

    /// Promised before unpromised, promises by time; nil when neither or both are promised at the same time.
    func promiseOrder(_ a: PlannerJob, _ b: PlannerJob) -> Bool? {
        switch (a.promisedDropoff, b.promisedDropoff) {
        case let (pa?, pb?): return pa != pb ? pa < pb : (a.id != b.id ? a.id < b.id : nil)
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return nil
        }
    }

    /// The lowest cost a drone whose optimistic dropoff is `bound` seconds from now could reach.
    func optimisticCost(_ job: PlannerJob, bound: Double, now: Double) -> Double {
        objective(job, dropoff: now + bound, untilDropoff: bound)
    }

    /// A placement's cost before lateness. A new job costs the time to its dropoff. A promised one costs its
    /// slip past the promise, weighted as lateness; without the hold its time to dropoff counts too: it flies
    /// as soon as a drone can, so an earlier drone is worth taking (a promise made on a busy drone moves to
    /// one that has come free).
    func objective(_ job: PlannerJob, dropoff: Double, untilDropoff: Double) -> Double {
        guard let promise = job.promisedDropoff else { return untilDropoff }
        let slip = max(0, dropoff - promise)
        return holdsForPromise ? slip : untilDropoff + latenessWeight * slip
    }

    /// Deliveries in planning order: every promised one first, by its promise; then by earliest-pickup slot,
    /// express first, then due time, then age.
    func order(_ deliveries: [PlannerJob], now: Double) -> [PlannerJob] {
        func slotOf(_ job: PlannerJob) -> Double {
            ((max(job.earliestPickup ?? now, now) - now) / slotSeconds).rounded(.down)
        }
        func dueOf(_ job: PlannerJob) -> Double { min(job.latestPickup ?? .infinity, job.deadline ?? .infinity) }
        let sorted = deliveries.sorted { a, b in
            if promiseRule == .first || promiseRule == .beforeLaterDue, let order = promiseOrder(a, b) {
                return order
            }
            let sa = slotOf(a), sb = slotOf(b)
            if sa != sb { return sa < sb }
            if promiseRule == .firstInSlot, let order = promiseOrder(a, b) { return order }
            if a.priority != b.priority { return a.priority == .express }
            let da = dueOf(a), db = dueOf(b)
            if da != db { return da < db }
            if a.requestedAt != b.requestedAt { return a.requestedAt < b.requestedAt }
            return a.id < b.id
        }
        guard promiseRule == .beforeLaterDue else { return sorted }
        // Promises (by time) merged into the new jobs' order: a promise goes before every new job whose
        // own due time (window end or deadline) is later than the promise.
        let promised = sorted.prefix { $0.promisedDropoff != nil }
        let fresh = sorted.dropFirst(promised.count)
        var merged: [PlannerJob] = []
        merged.reserveCapacity(sorted.count)
        var next = promised.startIndex
        for job in fresh {
            while next < promised.endIndex, promised[next].promisedDropoff! <= dueOf(job) {
                merged.append(promised[next])
                next += 1
            }
            merged.append(job)
        }
        merged.append(contentsOf: promised[next...])
        return merged
    }

    /// The route of `job` from `drone`'s home with its profile, and what it needs at launch; or why
    /// the zones leave it no path.
    func routeCost(_ job: PlannerJob, _ drone: PlannerDrone, routes: inout PlannerRoutes) -> RouteCosting {
        let profile = drone.profile
        let model = EnergyModel(vehicle: profile)
        let route = RoutePlan(
            home: drone.home, pickup: job.pickup, dropoff: job.dropoff, payloadKg: job.payloadKg, vehicle: profile)
        let estimate = model.estimate(route)
        var requiredWh = estimate.requiredEnergyWh
        var missionWh = estimate.totalEnergyWh
        var fromHome = model.remaining(route, from: drone.home, altitudeRelM: 0, phase: .accepted)
        let routed = routes.route(
            altitudeM: route.cruiseAltitudeM, from: drone.home, pickup: job.pickup, dropoff: job.dropoff,
            home: drone.home)
        switch routed {
        case nil: break
        case let .failure(refusal)?: return .refused(UnassignedReason(refusal))
        case let .success(path)?:
            let detour = RouteDetour(path: path, route: route, from: drone.home, vehicle: profile)
            requiredWh += detour.energyWh
            missionWh += detour.energyWh
            fromHome = detour.adding(to: fromHome)
        }
        let needWh = max(requiredWh, profile.batteryCapacityWh * minimumBatteryPercent / 100)
        return .costed(
            RouteCost(
                route: route, estimate: estimate, needWh: needWh, fromHome: fromHome, missionWh: missionWh,
                routed: routed != nil))
    }

    /// The job appended to `slot`'s queue, or why this drone cannot fly it (pin, exclusion and payload
    /// are checked by the caller, before the route is costed).
    func evaluate(
        _ job: PlannerJob, _ drone: PlannerDrone, _ index: Int, _ slot: Slot, _ cost: RouteCost, capacityWh: Double,
        routes: inout PlannerRoutes, pads: DepotPads, now: Double
    ) -> Evaluation {
        if !cost.routed, let area = serviceArea,
            !(area.containsLeg(from: slot.position, to: job.pickup)
                && area.containsLeg(from: job.pickup, to: job.dropoff)
                && area.containsLeg(from: job.dropoff, to: drone.home))
        {
            return .infeasible(.outsideServiceArea)
        }
        let capacity = capacityWh
        let needWh = cost.needWh
        guard needWh <= capacity else { return .infeasible(.insufficientRange) }
        let route = cost.route

        let claim = slot.claim ?? padClaim(slot, home: drone.home, capacityWh: capacity, pads: pads)
        var ready = slot.time
        var energy = slot.energyWh
        var rechargeSeconds = 0.0
        var rechargeDepot: Int?
        var pad: (depot: Int, index: Int, busyUntil: Double)?
        if energy < needWh {
            if let claim {
                ready = max(
                    slot.time,
                    claim.from
                        + pads.chargers[claim.depot].recoverySeconds(fromWh: energy, toWh: needWh, capacityWh: capacity)
                )
                rechargeSeconds = ready - slot.time
                rechargeDepot = claim.depot
            } else if let depotIndex = slot.depot {
                let free = pads.firstFree[depotIndex]
                let start = max(ready, pads[depotIndex, free])
                let charger = pads.chargers[depotIndex]
                rechargeSeconds = charger.recoverySeconds(fromWh: energy, toWh: needWh, capacityWh: capacity)
                energy = charger.energyAfterRecovery(fromWh: energy, toWh: needWh, capacityWh: capacity)
                ready = start + rechargeSeconds
                rechargeSeconds = ready - slot.time
                rechargeDepot = depotIndex
                pad = (depotIndex, free, ready)
            } else if let readyAt = slot.readyAt {
                rechargeSeconds = max(0, readyAt - ready)
                ready = max(ready, readyAt)
                energy = capacity
            } else {
                return .infeasible(.insufficientRange)
            }
        }

        // Busy and queued drones launch from home; an idle one may be elsewhere.
        var remaining = cost.fromHome
        if slot.position != drone.home {
            remaining = EnergyModel(vehicle: drone.profile).remaining(
                route, from: slot.position, altitudeRelM: 0, phase: .accepted)
            if cost.routed {
                let routed = routes.route(
                    altitudeM: route.cruiseAltitudeM, from: slot.position, pickup: job.pickup, dropoff: job.dropoff,
                    home: drone.home)
                switch routed {
                case nil: break
                case let .failure(refusal)?: return .infeasible(UnassignedReason(refusal))
                case let .success(path)?:
                    remaining = RouteDetour(path: path, route: route, from: slot.position, vehicle: drone.profile)
                        .adding(to: remaining)
                }
            }
        }
        let launch = launchTime(job, ready: ready, remaining: remaining)
        // Charging on the pad until the launch adds to the pack (a drone that was already full enough too).
        if let claim, launch > claim.from {
            energy = max(
                energy,
                pads.chargers[claim.depot].energyAfterCharging(
                    fromWh: slot.energyWh, seconds: launch - claim.from, capacityWh: capacity))
        }
        let (pickup, dropoff, late, total) = placement(job, launch: launch, remaining: remaining, now: now)
        // Uncertainty grows with how far ahead the plan looks (jobs before it, recharging) and with the
        // flight itself (wind, queueing at the pickup): 30 s + 10 % of the wait + 5 % of the flight.
        let margin = 30 + 0.1 * max(0, launch - now) + 0.05 * remaining.untilDropoffS
        let planned = JobDraft(
            launchAt: launch, etaPickup: pickup, etaDropoff: dropoff, returnAt: launch + remaining.durationS,
            rechargeSeconds: rechargeSeconds, depot: rechargeDepot, missionEnergyWh: cost.missionWh,
            lateSeconds: late, marginSeconds: margin, cruiseAltitudeM: route.cruiseAltitudeM,
            loadingSeconds: route.loadingSeconds)
        return .feasible(
            Candidate(
                drone: index, cost: total, job: planned,
                energyAfterWh: energy - remaining.energyWh, launchEnergyWh: energy, needWh: needWh,
                usedWh: remaining.energyWh, padFrom: claim?.from, pad: pad))
    }

    /// When a drone ready at `ready` launches on `job` flying `remaining`: never so early that it would wait
    /// at the pickup for the window to open, nor, with the hold, so early that it lands before the promise.
    /// It never falls when `ready` moves later.
    func launchTime(_ job: PlannerJob, ready: Double, remaining: RemainingEstimate) -> Double {
        var launch = ready
        if let earliest = job.earliestPickup { launch = max(launch, earliest - remaining.untilPickupS) }
        if holdsForPromise, let promise = job.promisedDropoff {
            // Keep the promise from the early side too: hold the launch so the dropoff lands on it, but never
            // past the window's end or the deadline.
            var hold = promise - remaining.untilDropoffS
            if let latest = job.latestPickup { hold = min(hold, latest - remaining.untilPickupS) }
            if let deadline = job.deadline { hold = min(hold, deadline - remaining.untilDropoffS) }
            launch = max(launch, hold)
        }
        return launch
    }

    /// The pickup and dropoff times of `job` launched at `launch`, its lateness and its cost. The cost never
    /// falls when the launch moves later, so at a drone's first free moment it bounds every placement the
    /// drone can offer (``evaluate`` and the search's floor share this arithmetic, bit for bit).
    func placement(
        _ job: PlannerJob, launch: Double, remaining: RemainingEstimate, now: Double
    ) -> (pickup: Double, dropoff: Double, late: Double, cost: Double) {
        let pickup = launch + remaining.untilPickupS
        let dropoff = launch + remaining.untilDropoffS
        let late = max(0, pickup - (job.latestPickup ?? .infinity)) + max(0, dropoff - (job.deadline ?? .infinity))
        let cost = objective(job, dropoff: dropoff, untilDropoff: dropoff - now)
        return (pickup, dropoff, late, cost + latenessWeight * late)
    }

    /// The job slotted in before queued job `gap` of `slot`: from where the drone is then, back in time for
    /// that job to launch as planned with at least the energy it was planned with (charging on the drone's
    /// own pad in between), or infeasible.
    func evaluateGap(
        _ job: PlannerJob, _ drone: PlannerDrone, _ index: Int, _ slot: Slot, _ gap: Int, _ cost: RouteCost,
        capacityWh: Double, routes: inout PlannerRoutes, pads: DepotPads, now: Double
    ) -> Evaluation {
        let before = slot.gaps[gap], next = slot.queue[gap]
        var state = Slot(time: before.time, position: before.position, energyWh: before.energyWh, depot: slot.depot)
        if let depot = slot.depot, let from = before.padFrom {
            state.claim = PadClaim(depot: depot, pad: 0, from: from, until: .infinity, freeBefore: from)
        }
        guard
            case var .feasible(candidate) = evaluate(
                job, drone, index, state, cost, capacityWh: capacityWh, routes: &routes, pads: pads, now: now),
            candidate.pad == nil, candidate.job.returnAt <= next.launchAt
        else { return .infeasible(.noDroneAvailable) }
        guard
            chainFits(
                slot, from: gap, energyWh: candidate.energyAfterWh,
                padFrom: slot.depot == nil ? nil : candidate.job.returnAt,
                capacityWh: capacityWh)
        else { return .infeasible(.noDroneAvailable) }
        candidate.gap = gap
        return .feasible(candidate)
    }

    /// The energy each queued job from `start` on launches with, replaying the queue from that gap's state
    /// (charging on the drone's pad until each launch), and what is left after the last; nil when a job
    /// would launch short of what it needs.
    func chain(_ slot: Slot, from start: Int, capacityWh: Double) -> (launches: [Double], tailWh: Double)? {
        var launches: [Double] = []
        var energy = slot.gaps[start].energyWh
        for position in start..<slot.queue.count {
            let gap = slot.gaps[position]
            if let depot = slot.depot, let from = gap.padFrom, slot.queue[position].launchAt > from {
                energy = depots[depot].energyAfterCharging(
                    fromWh: energy, seconds: slot.queue[position].launchAt - from, capacityWh: capacityWh)
            }
            guard energy >= gap.needWh - 1e-6 else { return nil }
            launches.append(energy)
            energy -= gap.usedWh
        }
        return (launches, energy)
    }

    /// Whether every queued job from `start` on still launches with what it needs when the drone is back
    /// before job `start` with `energyWh` (on its pad from `padFrom`): ``chain(_:from:capacityWh:)``'s
    /// test, without copying the queue for each trial.
    func chainFits(_ slot: Slot, from start: Int, energyWh: Double, padFrom: Double?, capacityWh: Double) -> Bool {
        var energy = energyWh
        for position in start..<slot.queue.count {
            let gap = slot.gaps[position]
            let from = position == start ? padFrom : gap.padFrom
            if let depot = slot.depot, let from, slot.queue[position].launchAt > from {
                energy = depots[depot].energyAfterCharging(
                    fromWh: energy, seconds: slot.queue[position].launchAt - from, capacityWh: capacityWh)
            }
            guard energy >= gap.needWh - 1e-6 else { return false }
            energy -= gap.usedWh
        }
        return true
    }

    /// The most specific reason no drone could take a delivery, as the scheduler reports it.
    static func reason(_ reasons: Set<UnassignedReason>, pinned: Bool, noDrones: Bool) -> UnassignedReason {
        if noDrones { return pinned ? .chosenDroneUnavailable : .noDroneAvailable }
        let order: [UnassignedReason] = [
            .pickupInNoFlyZone, .dropoffInNoFlyZone, .insufficientRange, .noSafePath, .outsideServiceArea,
            .payloadTooHeavy, .allDronesRejected, .chosenDroneUnavailable,
        ]
        return order.first(where: reasons.contains) ?? .noDroneAvailable
    }
}

/// Drones of one home and one vehicle profile (see ``DayPlanner/RouteCost``).
struct RouteGroup: Hashable {
    var home: GeoPoint
    var profile: VehicleProfile
}
