import FleetProtocol
import Foundation
import GroundCore

extension MQTTDispatcher {
    /// One planning round: pending deliveries from the store and every drone from the registry (busy
    /// ones as free when their job ends) go to the ``DayPlanner``; the heads of idle drones' queues whose
    /// launch time has come get an `assign`, the rest of the plan is written as ETAs (`planned`).
    func runRound() async {
        roundCount += 1
        roundStartedAt = ContinuousClock.now
        // A trigger from here on is one this round's plan may not see: its quote book is not kept then.
        let triggers = planTriggers
        // Rows are read below: a change before this point is in them.
        changedDuringRound.removeAll()
        // Offers stored by an earlier run (or another leader) whose answer never reached this one.
        let stored: [Offer]
        do { stored = try await storedOffersAwaitingAnswer() } catch {
            logger.error("dispatch round: cannot read stored offers", metadata: ["error": "\(error)"])
            return
        }
        let active: [Delivery]
        let writesBeforeRead = exclusionWrites
        do { active = try await readActiveDeliveries() } catch {
            logger.error("dispatch round: cannot read deliveries", metadata: ["error": "\(error)"])
            return
        }
        forgetConfirmedExclusions(readAfter: writesBeforeRead)
        forgetSettled(active)
        // The other inputs are read together, not one round trip after another (on PostgreSQL under
        // load each is a wait the bookings answered by this round sit through); the drones and holds
        // only when something waits to be planned.
        let planning = active.contains { $0.status == .requested }
        let store = self.store
        async let zonesRead = store.noFlyZones()
        async let registryRead = planning ? Self.plannableDrones(store) : []
        async let holdsRead = planning ? store.weatherHolds() : []
        // Operator zones are read every round: one added through any instance holds from the next round,
        // for new routes and for the flights it crosses.
        var scheduler = configuration.scheduler
        do { scheduler.temporaryZones = try await zonesRead } catch {
            logger.error("dispatch round: cannot read the no-fly zones", metadata: ["error": "\(error)"])
            return
        }
        await rerouteFlights(active, scheduler: scheduler, at: now())
        let offered = Set(outstanding.values.compactMap(\.deliveryID)).union(settling.keys).union(
            stored.map(\.deliveryID))
        let (pending, pendingIDs) = await Self.waiting(in: active, offered: offered)
        // Plans of deliveries that left the queue (offered, cancelled, flown) anchor nothing any more.
        // (The queue can hold tens of thousands of rows: nothing is built from it that is not needed.)
        // Bookings quoted since the rows were read keep theirs.
        if !lastPlan.isEmpty || !quotedAt.isEmpty {
            lastPlan = lastPlan.filter { pendingIDs.contains($0.key) || quotedAt[$0.key] != nil }
            promiseQuoter.keepOnly(pendingIDs.union(quotedAt.keys))
            settleQuotes(seen: pendingIDs)
        }
        guard !pending.isEmpty else {
            planQueues = [:]
            quoteBook = nil
            return
        }

        // Drones with a job on board (or offered): the planner sees them free where and when that job ends.
        var busyWith: [String: String] = [:]
        // By index: a `for delivery in active` copies every row of the queue (some forty fields).
        for index in active.indices where active[index].status != .requested {
            if let drone = active[index].assignedDroneID { busyWith[drone] = active[index].id }
        }
        // An offer out makes a drone busy; a cancel or recall in flight does not (the drone reads
        // its commands in order, and its phase tells the rest).
        for command in outstanding.values {
            if let deliveryID = command.deliveryID { busyWith[command.droneID] = deliveryID }
        }
        for (deliveryID, entry) in settling { busyWith[entry.droneID] = deliveryID }
        for offer in stored { busyWith[offer.droneID] = offer.deliveryID }
        // Read fresh every round: a drone retired through any instance is never offered work again.
        let provisioned: Set<String>
        do { provisioned = try await registryRead } catch {
            logger.error("dispatch round: cannot read the drone registry", metadata: ["error": "\(error)"])
            return
        }
        let time = now()
        let seconds = time.timeIntervalSince1970
        // The rows just read, by id (``readActiveDeliveries()`` keeps them so).
        let byID = activeCopies
        // Weather holds are go/no-go before any drone is considered: a held delivery waits, saying why.
        let holds: [WeatherHold]
        do { holds = try await holdsRead } catch {
            logger.error("dispatch round: cannot read the weather holds", metadata: ["error": "\(error)"])
            return
        }
        let fleetStates = await fleet.all()
        let gate = WeatherGate(holds: holds, readings: WindReading.current(fleetStates, now: time), now: time)
        var go: [Delivery] = []
        if gate.holds.isEmpty {
            // No active hold (the usual day): every pending delivery may go, with nothing to check per row.
            go = pending
        } else {
            for delivery in pending {
                guard let reason = gate.reason(pickup: delivery.pickup, dropoff: delivery.dropoff) else {
                    go.append(delivery)
                    continue
                }
                lastPlan[delivery.id] = nil
                if delivery.reason != reason { lastReason[delivery.id] = nil }
                queued(delivery.id, reason: reason)
            }
        }
        guard !go.isEmpty else {
            planQueues = [:]
            quoteBook = nil
            return
        }
        let drones = fleetStates.filter { provisioned.contains($0.droneID) }.compactMap {
            plannerDrone(
                $0, busyWith: busyWith[$0.droneID].flatMap { byID[$0] }, busy: busyWith[$0.droneID] != nil, now: seconds
            )
        }
        var planner = configuration.planner
        planner.minimumBatteryPercent = configuration.minimumBatteryPercent
        // The planner prices the legs around the same zones the offers are routed around.
        planner.temporaryZones = scheduler.temporaryZones
        planner.zoneBufferM = scheduler.zoneBufferM
        var jobs: [PlannerJob] = []
        jobs.reserveCapacity(go.count)
        for index in go.indices {
            if index > 0, index.isMultiple(of: Self.rowsBetweenYields) { await Task.yield() }
            jobs.append(plannerJob(go[index]))
        }
        let plan = await Self.plan(planner, now: seconds, drones: drones, jobs: jobs)
        planQueues = plan.queues
        let droneByID = Dictionary(drones.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        var walked = 0
        for (_, queue) in plan.queues {
            for job in queue {
                walked += 1
                if walked.isMultiple(of: Self.rowsBetweenYields) { await Task.yield() }
                guard let delivery = byID[job.deliveryID], !changedDuringRound.contains(job.deliveryID) else {
                    continue
                }
                if job.isDue(now: seconds), busyWith[job.droneID] == nil {
                    lastPlan[job.deliveryID] = nil
                    learnPromise(delivery, launching: job)
                    // The planner priced the routed legs; the offer carries the path and the fences.
                    switch routed(
                        scheduledAssignment(job, now: seconds), from: droneByID[job.droneID], scheduler: scheduler,
                        delivery: delivery, at: time)
                    {
                    case let .ready(assignment): await offer(delivery, to: assignment)
                    case let .waits(reason):
                        let text = Self.describe(reason)
                        if delivery.reason != text { lastReason[delivery.id] = nil }
                        queued(delivery.id, reason: text)
                    }
                } else {
                    planned(delivery, job)
                }
            }
        }
        // A delivery changed meanwhile (cancelled, overridden) is left to the round that change asked for.
        for (index, entry) in await Self.queueReasons(plan.unplaced, rows: byID).enumerated() {
            if index > 0, index.isMultiple(of: Self.rowsBetweenYields) { await Task.yield() }
            guard !changedDuringRound.contains(entry.deliveryID) else { continue }
            lastPlan[entry.deliveryID] = nil
            // The row may say something else since (an operator's override through any instance).
            if entry.rowSaysOtherwise { lastReason[entry.deliveryID] = nil }
            queued(entry.deliveryID, reason: entry.reason)
        }
        keepQuoteBook(
            planner, gate: gate, drones: drones, plan: plan, busy: Set(busyWith.keys), now: seconds, triggers: triggers)
        // Wake for the next planned launch even if nothing else happens before it.
        if let launch = plan.nextLaunch(after: seconds) {
            nextRound = min(
                nextRound, ContinuousClock.now + .milliseconds(Int64(((launch - seconds) * 1000).rounded(.up))))
        }
    }

    /// The drones a plan may use: registered, active, and not marked out of service by an operator (any
    /// instance). Read fresh every round: a drone retired through any instance is never offered work again.
    static func plannableDrones(_ store: any GroundStore) async throws(StoreError) -> Set<String> {
        async let maintenance = store.droneMaintenanceRecords()
        async let registry = store.provisionedDrones()
        do {
            let outOfService = Set(try await maintenance.filter { $0.outOfService != nil }.map(\.droneID))
            return Set(try await registry.filter(\.isActive).map(\.id)).subtracting(outOfService)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.query, operation: "read the drone registry", cause: error)
        }
    }

    /// Every delivery not in a terminal status, oldest first, as ``GroundStore/activeDeliveries()`` gives
    /// them. Every write bumps a row's version, so only rows new or written since the last round are read
    /// in full; the round's cost in the store no longer grows with the whole queue at every booking.
    func readActiveDeliveries() async throws(StoreError) -> [Delivery] {
        let versions = try await store.activeDeliveryVersions()
        // Walking the whole queue is done off the actor, so bookings are quoted meanwhile instead of
        // waiting behind it. Only the round reads or writes the copies and one round runs at a time: they
        // are taken out (the only reference left, so merged in place, not copied) and put back.
        var copies = activeCopies
        activeCopies = [:]
        let stale = await Self.staleIDs(versions, in: copies)
        let fresh: [Delivery]
        do { fresh = try await store.deliveries(ids: stale) } catch {
            activeCopies = copies
            throw error
        }
        let active = await Self.merge(fresh, listed: versions, into: &copies)
        activeCopies = copies
        return active
    }

    /// The listed rows whose copy is missing or older.
    @concurrent
    nonisolated static func staleIDs(_ versions: [DeliveryVersion], in copies: [String: Delivery]) async -> [String] {
        var stale: [String] = []
        for (index, entry) in versions.enumerated() {
            if index > 0, index.isMultiple(of: rowsBetweenYields) { await Task.yield() }
            if copies[entry.id]?.version != entry.version { stale.append(entry.id) }
        }
        return stale
    }

    /// `fresh` merged into `copies`, which then hold the listed rows not ended; those rows in the list's order.
    @concurrent
    nonisolated static func merge(
        _ fresh: [Delivery], listed versions: [DeliveryVersion], into copies: inout [String: Delivery]
    )
        async -> [Delivery]
    {
        // Updated in place: rebuilding the whole map every round copied every row of the queue.
        for delivery in fresh { copies[delivery.id] = delivery }
        var active: [Delivery] = []
        active.reserveCapacity(versions.count)
        var gone: [String] = []
        for (index, entry) in versions.enumerated() {
            if index > 0, index.isMultiple(of: rowsBetweenYields) { await Task.yield() }
            guard let delivery = copies[entry.id] else { continue }
            // A row read again may have moved on since the version list (even to a terminal status).
            if delivery.status.isTerminal {
                gone.append(entry.id)
                continue
            }
            active.append(delivery)
        }
        for id in gone { copies[id] = nil }
        // Rows that left the list (ended, or read again as ended) go too.
        if copies.count > active.count {
            let listed = Set(versions.map(\.id))
            copies = copies.filter { listed.contains($0.key) && !$0.value.status.isTerminal }
        }
        return active
    }

    /// What the round walks row by row lets other work in every this many rows: on the actor the quotes
    /// waiting on it, off it the requests waiting for one of the few threads (a walk over the whole
    /// queue held a thread, and every booking queued behind it).
    static let rowsBetweenYields = 512

    /// The rows waiting to be planned (requested, no offer out), with their ids; off the actor, as the
    /// queue can hold tens of thousands of rows.
    @concurrent
    nonisolated static func waiting(in active: [Delivery], offered: Set<String>) async -> ([Delivery], Set<String>) {
        var pending: [Delivery] = []
        var ids: Set<String> = []
        // By index: a `for delivery in active` copies every row of the queue (some forty fields).
        for index in active.indices {
            if index > 0, index.isMultiple(of: rowsBetweenYields) { await Task.yield() }
            guard active[index].status == .requested, offered.isEmpty || !offered.contains(active[index].id) else {
                continue
            }
            pending.append(active[index])
            ids.insert(active[index].id)
        }
        return (pending, ids)
    }

    /// What the round tells each delivery the plan left out, and whether its row says something else;
    /// worked out off the actor (a look-up copies the whole row).
    @concurrent
    nonisolated static func queueReasons(_ unplaced: [String: UnassignedReason], rows: [String: Delivery]) async
        -> [(deliveryID: String, reason: String, rowSaysOtherwise: Bool)]
    {
        var reasons: [(deliveryID: String, reason: String, rowSaysOtherwise: Bool)] = []
        reasons.reserveCapacity(unplaced.count)
        for (deliveryID, reason) in unplaced {
            if !reasons.isEmpty, reasons.count.isMultiple(of: rowsBetweenYields) { await Task.yield() }
            let text = describe(reason)
            reasons.append((deliveryID, text, rows[deliveryID]?.reason != text))
        }
        return reasons
    }

    /// The round's plan, made off the actor: a plan over the whole queue grows with it, and bookings are
    /// quoted from the last plan (``quote(_:)``) meanwhile instead of waiting behind it.
    @concurrent
    nonisolated static func plan(_ planner: DayPlanner, now: Double, drones: [PlannerDrone], jobs: [PlannerJob]) async
        -> DayPlan
    {
        planner.plan(now: now, drones: drones, deliveries: jobs)
    }

    /// The planner's view of a live drone, or nil when it cannot be planned (offline, unhealthy, no
    /// position or battery yet, or flying something ground cannot account for).
    func plannerDrone(_ state: DroneLiveState, busyWith delivery: Delivery?, busy: Bool, now: Double) -> PlannerDrone? {
        guard state.online, state.healthy != false, let position = state.position, let battery = state.batteryPercent
        else { return nil }
        let here = GeoPoint(lat: position.lat, lon: position.lon)
        let home = state.home ?? here
        let profile = state.profile ?? configuration.vehicle
        let model = EnergyModel(vehicle: profile)
        let energy = model.energyWh(atPercent: battery)
        let flying = state.assignmentID != nil && state.phase.map { !$0.isTerminal } == true
        var drone = PlannerDrone(
            id: state.droneID, home: home, position: here, profile: profile, availableAt: now, energyWh: energy,
            chargeState: state.chargeState, readyAt: state.readyAt?.timeIntervalSince1970)
        guard busy || flying else { return drone }
        // Busy: free at home when the current job's remaining flight is done, with that much less energy.
        guard let delivery else { return nil }
        let route = RoutePlan(
            home: home, pickup: delivery.pickup, dropoff: delivery.dropoff, payloadKg: delivery.weightKg,
            vehicle: profile)
        let phase = state.assignmentID == delivery.assignmentID ? state.phase ?? .accepted : .accepted
        var remaining = model.remaining(route, from: here, altitudeRelM: 0, phase: phase)
        // A flight routed around zones is free later, with less energy, than its straight legs say.
        if let assignmentID = delivery.assignmentID, let flown = flightRoutes[assignmentID]?.route {
            remaining.total += RemainingDetour.cost(
                route: flown, phase: phase, position: here, plan: route, vehicle: profile)
        }
        drone.position = home
        drone.availableAt = now + remaining.durationS
        drone.energyWh = max(0, energy - remaining.energyWh)
        return drone
    }

    func plannerJob(_ delivery: Delivery) -> PlannerJob {
        PlannerJob(
            id: delivery.id, pickup: delivery.pickup, dropoff: delivery.dropoff, payloadKg: delivery.weightKg,
            requestedAt: delivery.createdAt.timeIntervalSince1970,
            earliestPickup: delivery.window?.start.timeIntervalSince1970,
            latestPickup: delivery.window?.end.timeIntervalSince1970,
            deadline: delivery.deadline?.timeIntervalSince1970, priority: delivery.priority,
            // No set built from an empty list at every job of every round.
            excludedDrones: delivery.rejectedBy.isEmpty
                ? excluded[delivery.id] ?? [] : Set(delivery.rejectedBy).union(excluded[delivery.id] ?? []),
            onlyDrone: delivery.pinnedDroneID, previousDrone: lastPlan[delivery.id]?.droneID,
            // The first dropoff ETA the customer was given (a reschedule clears it): the plan keeps it.
            promisedDropoff: delivery.initialETADropoff?.timeIntervalSince1970)
    }

    /// The assignment with its path around the no-fly zones and the fences to upload, or why it has none.
    func routed(
        _ assignment: ScheduledAssignment, from drone: PlannerDrone?, scheduler: Scheduler, delivery: Delivery,
        at time: Date
    ) -> RoutedOffer {
        guard let drone, let router = scheduler.router(cruiseAltitudeM: assignment.cruiseAltitudeM, at: time) else {
            return .ready(assignment)
        }
        switch router.plan(from: drone.position, pickup: delivery.pickup, dropoff: delivery.dropoff, home: drone.home)
        {
        case let .success(routed):
            var assignment = assignment
            assignment.route = routed.path.wire
            assignment.airspace = routed.airspace
            return .ready(assignment)
        case let .failure(refusal):
            return .waits(UnassignedReason(refusal))
        }
    }

    /// A due queue head with its routed path, or why it cannot fly now.
    enum RoutedOffer {
        case ready(ScheduledAssignment)
        case waits(UnassignedReason)
    }

    func scheduledAssignment(_ job: PlannedJob, now: Double) -> ScheduledAssignment {
        ScheduledAssignment(
            deliveryID: job.deliveryID, droneID: job.droneID, secondsToPickup: job.etaPickup - now,
            etaPickup: job.etaPickup, etaDropoff: job.etaDropoff, missionEnergyWh: job.missionEnergyWh,
            cruiseAltitudeM: job.cruiseAltitudeM, loadingSeconds: job.loadingSeconds)
    }

    /// In a drone's queue but not launched yet: a waiting request gets the planned ETAs at once; otherwise
    /// the row is written when the plan moved it (other drone, other place in the queue, ETA moved by
    /// more than ``plannedETATolerance``).
    func planned(_ delivery: Delivery, _ job: PlannedJob) {
        let previous = lastPlan[delivery.id]
        lastPlan[delivery.id] = job
        lastReason[delivery.id] = nil
        let decision = DispatchDecision.planned(
            droneID: job.droneID, etaPickup: Date(timeIntervalSince1970: job.etaPickup),
            etaDropoff: Date(timeIntervalSince1970: quotedDropoff(delivery, job)),
            marginSeconds: job.marginSeconds.rounded(),
            reason: Self.describe(job, pinned: delivery.pinnedDroneID != nil))
        if let waiter = popWaiter(delivery.id) {
            waiter.continuation.resume(returning: decision)
            return
        }
        let stored = delivery.etaDropoff?.timeIntervalSince1970
        let moved =
            previous?.droneID != job.droneID || previous?.queueIndex != job.queueIndex
            || stored.map { abs($0 - job.etaDropoff) > Self.plannedETATolerance } ?? true
        guard moved else { return }
        emit.yield(.decided(deliveryID: delivery.id, decision: decision))
    }

    /// A planned ETA that moved less than this is not rewritten (telemetry jitters every round).
    static let plannedETATolerance = 15.0

    /// Status reason of a planned delivery: which drone, what comes first, and lateness.
    static func describe(_ job: PlannedJob, pinned: Bool) -> String {
        var text =
            pinned
            ? "waiting for \(job.droneID), the drone the operator chose"
            : job.queueIndex == 0
                ? "planned as the next job of \(job.droneID)"
                : "planned for \(job.droneID) after \(job.queueIndex) other job\(job.queueIndex == 1 ? "" : "s")"
        if job.rechargeSeconds > 0 {
            text += job.depotID.map { ", after recharging at depot \($0)" } ?? ", once its battery is ready"
        }
        if job.lateSeconds > 0 {
            text += "; late: the best plan misses the window or deadline by \(Int(job.lateSeconds.rounded())) s"
        }
        return text
    }

    /// Drops accepted offers whose row has moved on (scheduled, or cancelled meanwhile), and any
    /// whose write evidently failed (still pending after a reply timeout).
    func forgetSettled(_ active: [Delivery]) {
        guard !settling.isEmpty else { return }
        let requested = Set(active.filter { $0.status == .requested }.map(\.id))
        let stale = ContinuousClock.now - configuration.replyTimeout
        settling = settling.filter { id, entry in requested.contains(id) && entry.since > stale }
    }

    /// Sends the `assign` and remembers it until the reply (or its deadline).
    func offer(_ delivery: Delivery, to assignment: ScheduledAssignment) async {
        let assignmentID = "asg_" + Self.token()
        let window = delivery.window.map {
            TimeWindow(
                earliestMs: Int64($0.start.timeIntervalSince1970 * 1000),
                latestMs: Int64($0.end.timeIntervalSince1970 * 1000))
        }
        let payload = Assignment(
            assignmentID: assignmentID, deliveryID: delivery.id, pickup: delivery.pickup, dropoff: delivery.dropoff,
            payloadKg: delivery.weightKg, cruiseAltitudeM: assignment.cruiseAltitudeM,
            loadingSeconds: assignment.loadingSeconds, window: window, route: assignment.route,
            airspace: assignment.airspace)
        flightRoutes[assignmentID] = (delivery.id, assignment.route)
        let purpose = OutstandingCommand.Purpose.assign(
            deliveryID: delivery.id, assignmentID: assignmentID,
            etaPickup: Date(timeIntervalSince1970: assignment.etaPickup),
            etaDropoff: Date(timeIntervalSince1970: assignment.etaDropoff))
        let commandID = "cmd_" + Self.token()
        let record = Offer(
            assignmentID: assignmentID, deliveryID: delivery.id, droneID: assignment.droneID, commandID: commandID,
            offeredAt: now(), etaPickup: Date(timeIntervalSince1970: assignment.etaPickup),
            etaDropoff: Date(timeIntervalSince1970: assignment.etaDropoff), planRevision: delivery.planRevision,
            route: assignment.route)
        // Stored before it is sent: a crash after the send leaves a record the drone's report can be matched to.
        do { try await store.insertOffer(record) } catch {
            logger.error(
                "offer not stored, so not sent",
                metadata: ["delivery": "\(delivery.id)", "drone": "\(assignment.droneID)", "error": "\(error)"])
            requestRound()
            return
        }
        // Cancelled or re-planned while the offer was being stored: its withdrawal may have run before the
        // row existed, so withdraw it here and send nothing.
        if changedDuringRound.contains(delivery.id) {
            flightRoutes[assignmentID] = nil
            await resolveOffer(assignmentID, as: .withdrawn)
            return
        }
        do {
            try await send(.assign(payload), to: assignment.droneID, purpose: purpose, commandID: commandID)
            logger.info(
                "offered delivery",
                metadata: [
                    "delivery": "\(delivery.id)", "drone": "\(assignment.droneID)", "command": "\(commandID)",
                    "secondsToPickup": "\(Int(assignment.secondsToPickup))",
                ])
        } catch {
            logger.warning(
                "could not offer delivery",
                metadata: ["delivery": "\(delivery.id)", "drone": "\(assignment.droneID)", "error": "\(error)"])
            await resolveOffer(assignmentID, as: .withdrawn)
            requestRound()
            exclude(delivery.id, droneID: assignment.droneID)
        }
    }

    /// No drone this round: answer a waiting request at once, otherwise record a changed reason.
    func queued(_ deliveryID: String, reason: String) {
        let changed = lastReason[deliveryID] != reason
        if changed { lastReason[deliveryID] = reason }
        if let waiter = popWaiter(deliveryID) {
            waiter.continuation.resume(returning: .queued(reason: reason))
            return
        }
        guard changed else { return }
        emit.yield(.decided(deliveryID: deliveryID, decision: .queued(reason: reason)))
    }

    /// Human-readable status reason for an unassigned delivery.
    static func describe(_ reason: UnassignedReason) -> String {
        switch reason {
        case .noDroneAvailable: "no drone available"
        case .allDronesRejected: "every available drone rejected this delivery"
        case .payloadTooHeavy: "no available drone can carry this weight"
        case .insufficientRange: "no available drone has enough battery for this route"
        case .outsideServiceArea: "route leaves the service area"
        case .pickupInNoFlyZone: "the pickup lies in a no-fly zone"
        case .dropoffInNoFlyZone: "the dropoff lies in a no-fly zone"
        case .noSafePath: "no path around the no-fly zones inside the service area"
        case .dronesAssignedElsewhere: "all suitable drones are assigned to other deliveries"
        case .chosenDroneUnavailable: "the drone the operator chose is not available (offline, busy or low battery)"
        }
    }

    static func token() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}
