import FleetProtocol
import Foundation
import GroundCore

extension MQTTDispatcher {
    /// One scheduling round: pending deliveries from the store, idle drones from the registry,
    /// the optimal assignment from ``Scheduler``, then one `assign` per pair.
    func runRound() async {
        roundCount += 1
        // Offers stored by an earlier run (or another leader) whose answer never reached this one.
        let stored: [Offer]
        do { stored = try await storedOffersAwaitingAnswer() } catch {
            logger.error("dispatch round: cannot read stored offers", metadata: ["error": "\(error)"])
            return
        }
        let active: [Delivery]
        let writesBeforeRead = exclusionWrites
        do { active = try await store.activeDeliveries() } catch {
            logger.error("dispatch round: cannot read deliveries", metadata: ["error": "\(error)"])
            return
        }
        forgetConfirmedExclusions(readAfter: writesBeforeRead)
        forgetSettled(active)
        // Operator zones are read every round: one added through any instance holds from the next round,
        // for new routes and for the flights it crosses.
        var scheduler = configuration.scheduler
        do { scheduler.temporaryZones = try await store.noFlyZones() } catch {
            logger.error("dispatch round: cannot read the no-fly zones", metadata: ["error": "\(error)"])
            return
        }
        await rerouteFlights(active, scheduler: scheduler, at: now())
        let offered = Set(outstanding.values.compactMap(\.deliveryID)).union(settling.keys).union(
            stored.map(\.deliveryID))
        let pending = active.filter { $0.status == .requested && !offered.contains($0.id) }
        guard !pending.isEmpty else { return }

        var busy = Set(active.filter { $0.status != .requested }.compactMap(\.assignedDroneID))
        // An offer out makes a drone busy; a cancel or recall in flight does not (the drone reads
        // its commands in order, and its phase tells the rest).
        busy.formUnion(outstanding.values.filter { $0.deliveryID != nil }.map(\.droneID))
        busy.formUnion(settling.values.map(\.droneID))
        busy.formUnion(stored.map(\.droneID))
        // Read fresh every round: a drone retired through any instance is never offered work again.
        let provisioned: Set<String>
        do {
            // An operator's out-of-service mark (any instance) keeps the drone out of every plan.
            let outOfService = Set(
                try await store.droneMaintenanceRecords().filter { $0.outOfService != nil }.map(\.droneID))
            provisioned = Set(try await store.provisionedDrones().filter(\.isActive).map(\.id)).subtracting(
                outOfService)
        } catch {
            logger.error("dispatch round: cannot read the drone registry", metadata: ["error": "\(error)"])
            return
        }
        let drones = await fleet.all().filter { provisioned.contains($0.droneID) }.compactMap {
            candidate($0, busy: busy)
        }
        let time = now()
        let byID = Dictionary(pending.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Weather holds are go/no-go before any drone is considered: a held delivery waits, saying why.
        let holds: [WeatherHold]
        do { holds = try await store.weatherHolds() } catch {
            logger.error("dispatch round: cannot read the weather holds", metadata: ["error": "\(error)"])
            return
        }
        let gate = WeatherGate(holds: holds, readings: WindReading.current(await fleet.all(), now: time), now: time)
        var go: [Delivery] = []
        for delivery in pending {
            guard let reason = gate.reason(pickup: delivery.pickup, dropoff: delivery.dropoff) else {
                go.append(delivery)
                continue
            }
            if delivery.reason != reason { lastReason[delivery.id] = nil }
            queued(delivery.id, reason: reason)
        }
        let result = scheduler.schedule(
            deliveries: go.map { pendingDelivery($0) }, drones: drones, now: time.timeIntervalSince1970)

        for assignment in result.assignments {
            guard let delivery = byID[assignment.deliveryID] else { continue }
            await offer(delivery, to: assignment)
        }
        for (deliveryID, reason) in result.unassigned {
            let text = Self.describe(reason)
            // The row may say something else since (an operator's override through any instance).
            if byID[deliveryID]?.reason != text { lastReason[deliveryID] = nil }
            queued(deliveryID, reason: text)
        }
    }

    /// Drops accepted offers whose row has moved on (scheduled, or cancelled meanwhile), and any
    /// whose write evidently failed (still pending after a reply timeout).
    func forgetSettled(_ active: [Delivery]) {
        let requested = Set(active.filter { $0.status == .requested }.map(\.id))
        let stale = ContinuousClock.now - configuration.replyTimeout
        settling = settling.filter { id, entry in requested.contains(id) && entry.since > stale }
    }

    /// The scheduler's view of a live drone, or nil when it cannot take work now.
    func candidate(_ state: DroneLiveState, busy: Set<String>) -> AvailableDrone? {
        guard state.online, state.healthy != false, !busy.contains(state.droneID),
            let position = state.position, let battery = state.batteryPercent,
            battery >= configuration.minimumBatteryPercent
        else { return nil }
        // A drone still flying an assignment is busy, whatever ground thinks of the delivery.
        if state.assignmentID != nil, let phase = state.phase, !phase.isTerminal { return nil }
        let here = GeoPoint(lat: position.lat, lon: position.lon)
        // Profile and payload limit arrive together in the retained state; a drone only heard through
        // telemetry so far is planned with the default vehicle.
        return AvailableDrone(
            id: state.droneID, position: here, home: state.home ?? here, batteryPercent: battery,
            profile: state.profile ?? configuration.vehicle)
    }

    func pendingDelivery(_ delivery: Delivery) -> PendingDelivery {
        PendingDelivery(
            id: delivery.id, pickup: delivery.pickup, dropoff: delivery.dropoff, payloadKg: delivery.weightKg,
            requestedAt: delivery.createdAt.timeIntervalSince1970,
            excludedDrones: Set(delivery.rejectedBy).union(excluded[delivery.id] ?? []),
            onlyDrone: delivery.pinnedDroneID)
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
        if let route = assignment.route { flightRoutes[assignmentID] = (delivery.id, route) }
        let purpose = OutstandingCommand.Purpose.assign(
            deliveryID: delivery.id, assignmentID: assignmentID,
            etaPickup: Date(timeIntervalSince1970: assignment.etaPickup),
            etaDropoff: Date(timeIntervalSince1970: assignment.etaDropoff))
        let commandID = "cmd_" + Self.token()
        let record = Offer(
            assignmentID: assignmentID, deliveryID: delivery.id, droneID: assignment.droneID, commandID: commandID,
            offeredAt: now(), etaPickup: Date(timeIntervalSince1970: assignment.etaPickup),
            etaDropoff: Date(timeIntervalSince1970: assignment.etaDropoff), planRevision: delivery.planRevision)
        // Stored before it is sent: a crash after the send leaves a record the drone's report can be matched to.
        do { try await store.insertOffer(record) } catch {
            logger.error(
                "offer not stored, so not sent",
                metadata: ["delivery": "\(delivery.id)", "drone": "\(assignment.droneID)", "error": "\(error)"])
            requestRound()
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
        lastReason[deliveryID] = reason
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
