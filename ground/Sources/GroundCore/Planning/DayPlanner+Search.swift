import FleetProtocol

extension DayPlanner {
    /// The cheapest place for `job` over every drone (the type's doc, Search), the place on the drone the
    /// previous plan gave it, and, when no drone can take it, why. `slots` and `pads` are the plan as it
    /// stands; the search only reads them.
    func search(
        _ job: PlannerJob, drones: [PlannerDrone], slots: [Slot], pads: DepotPads, now: Double,
        state: inout PlannerSearch
    ) -> (best: Candidate?, previous: Candidate?, reasons: Set<UnassignedReason>) {
        // Read in place: an array's subscript copies the whole element (a drone's profile, a slot's queue),
        // and the search reads a few fields of every drone per delivery.
        drones.withUnsafeBufferPointer { drones in
            slots.withUnsafeBufferPointer { slots in
                search(job, drones: drones, slots: slots, pads: pads, now: now, state: &state)
            }
        }
    }

    private func search(
        _ job: PlannerJob, drones: UnsafeBufferPointer<PlannerDrone>, slots: UnsafeBufferPointer<Slot>,
        pads: DepotPads, now: Double, state: inout PlannerSearch
    ) -> (best: Candidate?, previous: Candidate?, reasons: Set<UnassignedReason>) {
        let legM = job.pickup.distance(to: job.dropoff)
        state.reset()
        var best: Candidate?
        var reasons: Set<UnassignedReason> = []
        var previous: Candidate?

        // One distance per home and job for the drones launching from it.
        func homeToPickupM(_ index: Int) -> Double {
            let group = state.groupOf[index]
            if state.homeToPickup[group] < 0 {
                state.homeToPickup[group] = state.homes[index].distance(to: job.pickup)
            }
            return state.homeToPickup[group]
        }
        func dropoffToHomeM(_ index: Int) -> Double {
            let group = state.groupOf[index]
            if state.dropoffToHome[group] < 0 {
                state.dropoffToHome[group] = job.dropoff.distance(to: state.homes[index])
            }
            return state.dropoffToHome[group]
        }

        /// The group's route for this job, costed once.
        func groupCost(_ index: Int) -> RouteCosting {
            let group = state.groupOf[index]
            if let cached = state.costs[group] { return cached }
            let costed = routeCost(job, drones[index], routes: &state.routes)
            state.costs[group] = costed
            return costed
        }

        /// Whether drone `index` cannot beat `bestCost` from home: its floor, the lowest cost it can offer,
        /// is not below it. Every placement launches at or after the moment it starts from (the end of its
        /// queue, after the recharge the job needs then; or the first gap long enough for the round trip),
        /// and the cost never falls with a later launch (``placement``). False when it is away from home
        /// (another route) or its route is refused. The recharge and the gaps are looked at only when the
        /// launch at the queue's end without a recharge does not already decide: the answer is the same.
        func cannotBeat(_ index: Int, _ bestCost: Double) -> Bool {
            let home = state.homes[index]
            guard slots[index].position == home, case let .costed(cost) = groupCost(index) else { return false }
            func at(_ ready: Double) -> Double {
                placement(
                    job, launch: launchTime(job, ready: ready, remaining: cost.fromHome),
                    remaining: cost.fromHome, now: now
                ).cost
            }
            var floor = at(slots[index].time)
            // The queue's end: short of energy, a drone at a depot recharges from when it has a pad at the
            // earliest (``evaluate``: its own, or the first one free); one without a depot or a ready time
            // cannot. A recharge only delays the launch, so it matters only when the launch without it
            // could beat the best.
            let energyWh = slots[index].energyWh
            if floor < bestCost, energyWh < cost.needWh {
                var ready = slots[index].time
                if let depot = slots[index].depot {
                    let from = slots[index].claim?.from ?? max(ready, pads.earliest(depot))
                    ready = max(
                        ready,
                        from
                            + pads.chargers[depot].recoverySeconds(
                                fromWh: energyWh, toWh: cost.needWh,
                                capacityWh: state.capacityWh[index]))
                } else if slots[index].readyAt == nil {
                    ready = .infinity
                }
                floor = at(ready)
            }
            if floor < bestCost { return false }
            guard fillsGaps, !slots[index].gaps.isEmpty else { return true }
            // A gap is tried when the straight round trip fits (``consider``) and taken only when the drone
            // is back before the queued launch; the first such one is the earliest.
            let roundTripS =
                (homeToPickupM(index) + legM + dropoffToHomeM(index)) / state.cruiseSpeedMps[index]
            for gap in slots[index].gaps.indices
            where slots[index].queue[gap].launchAt - max(slots[index].gaps[gap].time, now) >= roundTripS {
                guard slots[index].gaps[gap].position == home else { return false }
                let launch = launchTime(job, ready: slots[index].gaps[gap].time, remaining: cost.fromHome)
                guard launch + cost.fromHome.durationS <= slots[index].queue[gap].launchAt else { continue }
                return placement(job, launch: launch, remaining: cost.fromHome, now: now).cost >= bestCost
            }
            return true
        }

        // The reasons only name why no drone could take it: once one can, they are not kept.
        func note(_ reason: UnassignedReason) {
            if best == nil { reasons.insert(reason) }
        }

        func consider(_ index: Int) { consider(index, drones[index], slots[index]) }

        func consider(_ index: Int, _ drone: PlannerDrone, _ slot: Slot) {
            if !job.excludedDrones.isEmpty, job.excludedDrones.contains(drone.id) {
                note(.allDronesRejected)
                return
            }
            if job.payloadKg > state.maxPayloadKg[index] {
                note(.payloadTooHeavy)
                return
            }
            let cost: RouteCost
            switch groupCost(index) {
            case let .costed(found): cost = found
            case let .refused(reason):
                note(reason)
                return
            }
            var evaluation = evaluate(
                job, drone, index, slot, cost, capacityWh: state.capacityWh[index], routes: &state.routes, pads: pads,
                now: now)
            // Before a queued job, where it leaves that job's launch and energy as planned.
            if fillsGaps, !slot.gaps.isEmpty, case let .feasible(tail) = evaluation {
                // Straight round trip at cruise speed: a shorter gap cannot hold the job.
                let roundTripS =
                    (homeToPickupM(index) + legM + dropoffToHomeM(index)) / state.cruiseSpeedMps[index]
                for gap in slot.gaps.indices {
                    guard slot.queue[gap].launchAt - max(slot.gaps[gap].time, now) >= roundTripS else { continue }
                    // From home, a gap whose first moment already costs the tail's, or is back too late for
                    // the queued launch, cannot take it.
                    if slot.gaps[gap].position == state.homes[index] {
                        let launch = launchTime(job, ready: slot.gaps[gap].time, remaining: cost.fromHome)
                        if launch + cost.fromHome.durationS > slot.queue[gap].launchAt
                            || placement(job, launch: launch, remaining: cost.fromHome, now: now).cost
                                >= tail.cost
                        {
                            continue
                        }
                    }
                    guard
                        case let .feasible(inside) = evaluateGap(
                            job, drone, index, slot, gap, cost, capacityWh: state.capacityWh[index],
                            routes: &state.routes,
                            pads: pads, now: now),
                        inside.cost < tail.cost
                    else { continue }
                    evaluation = .feasible(inside)
                    break
                }
            }
            switch evaluation {
            case let .feasible(candidate):
                if state.isPrevious[index] { previous = candidate }
                if best == nil || candidate.cost < best!.cost { best = candidate }
            case let .infeasible(reason):
                note(reason)
            }
        }

        // The drone the previous plan gave it, by index.
        let previousIndices = job.previousDrone.flatMap { state.dronesByID[$0] } ?? []
        for index in previousIndices { state.isPrevious[index] = true }
        defer { for index in previousIndices { state.isPrevious[index] = false } }

        if let only = job.onlyDrone {
            if let index = state.droneIndex[only] { consider(index) } else { reasons.insert(.chosenDroneUnavailable) }
            return (best, previous, reasons)
        }
        if let previousDrone = job.previousDrone, let index = state.droneIndex[previousDrone] { consider(index) }
        // Optimistic bound per drone, then full evaluations in bound order until the bound cannot beat the
        // best cost found (a routed leg is never shorter than the straight one).
        for rank in state.byBound.indices {
            let index = state.byBound[rank].drone
            // With gaps, the drone's first free moment counts.
            var time = slots[index].time
            var position = slots[index].position
            if fillsGaps, let first = slots[index].gaps.first {
                time = first.time
                position = first.position
            }
            let flightS: Double
            if position == state.homes[index] {
                // The same for every drone of the group at home: computed once per delivery.
                let group = state.groupOf[index]
                if state.homeFlightS[group] < 0 {
                    state.homeFlightS[group] = (homeToPickupM(index) + legM) / state.cruiseSpeedMps[index]
                }
                flightS = state.homeFlightS[group]
            } else {
                flightS = (position.distance(to: job.pickup) + legM) / state.cruiseSpeedMps[index]
            }
            state.byBound[rank].bound = max(time, now) - now + flightS
        }
        // The order stays the bound's (it decides between drones of equal cost); the floor only skips. The
        // bound travels with its drone so that the sort compares in place (the same comparisons, the same
        // order, as sorting the indices by a bound looked up per comparison).
        state.sortByBound()
        for rank in state.byBound.indices {
            let (bound, index) = state.byBound[rank]
            if let best, optimisticCost(job, bound: bound, now: now) >= best.cost { break }
            if state.isPrevious[index] { continue }
            if let best, cannotBeat(index, best.cost) { continue }
            consider(index)
        }
        return (best, previous, reasons)
    }
}
