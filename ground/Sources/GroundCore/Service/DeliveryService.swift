import FleetProtocol
import Foundation
import Logging

/// Owns the delivery lifecycle: validates and books requests, hands them to the ``Dispatcher``,
/// applies drone progress, and feeds the per-delivery tracking streams.
///
/// The store is the source of truth: every change re-reads the row and saves it with a compare-and-set
/// on its version, so concurrent callers (the actor is re-entrant across `await`, and other instances
/// share the database) never overwrite each other with stale copies.
package actor DeliveryService {
    let store: any GroundStore
    let dispatcher: any Dispatcher
    package nonisolated let serviceArea: ServiceArea
    let limits: DeliveryLimits
    let now: @Sendable () -> Date
    let logger: Logger
    /// Fan-out of live updates, also read by the SSE route.
    package nonisolated let tracking: TrackingHub
    /// Latest live update per delivery, so a new tracking subscriber starts with a full picture.
    var latest: [String: TrackingUpdate] = [:]
    /// With several instances: sends each status change made here to the others (nil: alone).
    let statusRelay: (any StatusChangeSink)?
    /// Counts compare-and-set races by outcome (the app wires it to its metrics; nil: not counted).
    let countRace: (@Sendable (_ outcome: String) -> Void)?
    /// Told of every delivery change after it is written (the delivery alerts; nil: nobody).
    let notifier: (any DeliveryNotifier)?
    /// The webhook outbox, whose rows for a change are written in the change's transaction (nil: no webhooks).
    let outbox: (any DeliveryOutbox)?
    /// A live ETA to the dropoff this close announces the delivery as arriving.
    let arrivingLead: TimeInterval
    /// Deliveries announced as arriving by this instance, so each is announced once.
    var announcedArriving: Set<String> = []

    package init(
        store: any GroundStore, dispatcher: any Dispatcher, serviceArea: ServiceArea = .unrestricted,
        limits: DeliveryLimits = .default, tracking: TrackingHub = TrackingHub(),
        statusRelay: (any StatusChangeSink)? = nil,
        countRace: (@Sendable (_ outcome: String) -> Void)? = nil,
        notifier: (any DeliveryNotifier)? = nil, outbox: (any DeliveryOutbox)? = nil,
        arrivingLead: TimeInterval = 120,
        logger: Logger = Logger(label: "skyrelay.ground.deliveries"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.dispatcher = dispatcher
        self.serviceArea = serviceArea
        self.limits = limits
        self.tracking = tracking
        self.statusRelay = statusRelay
        self.countRace = countRace
        self.notifier = notifier
        self.outbox = outbox
        self.arrivingLead = arrivingLead
        self.logger = logger
        self.now = now
    }

    // MARK: Business-facing operations

    /// Validates, persists and dispatches a new delivery. The result's status is `scheduled` (with
    /// ETAs) or `requested` (queued, with the reason).
    package func create(businessID: String, request: DeliveryRequest) async throws(DeliveryServiceError) -> Delivery {
        try validate(request)
        let time = now()
        var delivery = Delivery(
            id: "dlv_" + UUID().lowercaseHex,
            businessID: businessID, pickup: request.pickup, dropoff: request.dropoff,
            weightKg: request.weightKg, size: request.size, window: request.window,
            deadline: request.deadline, priority: request.priority ?? .standard, createdAt: time
        )
        // Answered from the current plan: the row is written once, with its answer, before it is returned.
        if let decision = await dispatcher.quote(delivery) {
            delivery.recordQueueAnswer(decision, at: now())
            do { try await store.insertDelivery(delivery) } catch { throw .store(error) }
            if case .planned = decision { await publishETA(of: delivery) }
            return delivery
        }
        do { try await store.insertDelivery(delivery) } catch { throw .store(error) }
        // The row just written: no need to read it back. Its first answer is written (compare-and-set)
        // before it is returned, so what the customer is told is durable.
        let decision = await dispatcher.book(delivery)
        return try await apply(decision, to: delivery.id, current: delivery)
    }

    /// A delivery visible to `businessID` (nil: operator, sees all). Reads only the store, so readers
    /// do not queue behind the actor's writes.
    package nonisolated func get(_ id: String, businessID: String?) async throws(DeliveryServiceError) -> Delivery {
        let delivery: Delivery?
        do { delivery = try await store.delivery(id: id) } catch { throw .store(error) }
        guard let delivery, businessID == nil || delivery.businessID == businessID else {
            throw .notFound(deliveryID: id)
        }
        return delivery
    }

    /// Lists deliveries; the caller sets `query.businessID` for tenants.
    package func list(_ query: DeliveryQuery) async throws(DeliveryServiceError) -> DeliveryPage {
        do { return try await store.deliveries(query) } catch { throw .store(error) }
    }

    /// Status history of a visible delivery.
    package func history(_ id: String, businessID: String?) async throws(DeliveryServiceError) -> [DeliveryStatusChange]
    {
        _ = try await get(id, businessID: businessID)
        do { return try await store.history(deliveryID: id) } catch { throw .store(error) }
    }

    /// Cancels before pickup and tells the drone; 409 once the package is on board.
    package func cancel(_ id: String, businessID: String?, reason: String = "cancelled by customer")
        async throws(DeliveryServiceError) -> Delivery
    {
        let (before, after) = try await mutate(id, businessID: businessID) { d throws(DeliveryTransitionError) in
            try d.transition(to: .cancelled, reason: reason, at: self.now())
        }
        if before.assignedDroneID != nil { await dispatcher.cancel(before) }
        return after
    }

    // MARK: Operator overrides

    /// Applies an operator override (any business's delivery). `droneID` is the chosen drone of `.assign`.
    package func override(_ id: String, action: OverrideAction, reason: String?, droneID: String? = nil)
        async throws(DeliveryServiceError) -> Delivery
    {
        switch action {
        case .cancel:
            return try await cancel(id, businessID: nil, reason: reason ?? "cancelled by operator")
        case .fail:
            let (before, after) = try await mutate(id, businessID: nil) { d throws(DeliveryTransitionError) in
                try d.transition(to: .failed, reason: reason ?? "failed by operator", at: self.now())
            }
            if before.assignedDroneID != nil { await dispatcher.cancel(before) }
            return after
        case .reassign:
            let (before, _) = try await mutate(id, businessID: nil) { d throws(DeliveryTransitionError) in
                if let drone = d.assignedDroneID { d.rejectedBy.append(drone) }
                // "Another drone": an earlier manual choice no longer holds.
                d.pinnedDroneID = nil
                try d.requeueOffDrone(reason: reason ?? "reassigned by operator", at: self.now())
            }
            if before.assignedDroneID != nil { await dispatcher.cancel(before) }
            return try await dispatch(id)
        case .assign:
            guard let droneID else {
                throw .invalid(field: "droneId", code: "missing_field", message: "required for action assign")
            }
            // The pin is written with the requeue, in the row: no round (on whichever instance leads)
            // can see the delivery back in the queue without it.
            let (before, after) = try await mutate(id, businessID: nil) { d throws(DeliveryTransitionError) in
                // The operator's choice overrides an earlier refusal by that drone.
                d.rejectedBy.removeAll { $0 == droneID }
                if d.assignedDroneID == droneID {
                    guard d.status == .scheduled || d.status == .requested else {
                        throw DeliveryTransitionError(from: d.status, to: .requested)
                    }
                } else {
                    try d.requeueOffDrone(reason: reason ?? "assigned to \(droneID) by operator", at: self.now())
                }
                d.pinnedDroneID = droneID
            }
            guard before.assignedDroneID != droneID else { return after }
            // Also withdraws an offer still waiting for another drone's reply.
            await dispatcher.cancel(before)
            return try await dispatch(id)
        }
    }

    // MARK: Fleet-facing operations

    /// Asks the dispatcher to place a queued delivery and records its answer.
    @discardableResult
    package func dispatch(_ id: String) async throws(DeliveryServiceError) -> Delivery {
        try await dispatch(try await get(id, businessID: nil))
    }

    /// Dispatches a delivery already read (or just written).
    func dispatch(_ current: Delivery) async throws(DeliveryServiceError) -> Delivery {
        guard current.status == .requested else { return current }
        let decision = await dispatcher.dispatch(current)
        return try await apply(decision, to: current.id, current: current)
    }

    /// Records a dispatch decision made outside a request (e.g. a later scheduler round).
    /// `current` is the row as last read or written here, if at hand: written to without reading it again
    /// (the compare-and-set falls back to a fresh read if it moved on).
    @discardableResult
    package func apply(_ decision: DispatchDecision, to id: String, current: Delivery? = nil)
        async throws(DeliveryServiceError) -> Delivery
    {
        do {
            let plannedFor = try await plannedRevision(of: decision)
            let (before, after) = try await mutate(id, businessID: nil, current: current) {
                d throws(DeliveryTransitionError) in
                switch decision {
                case let .scheduled(drone, assignment, etaPickup, etaDropoff):
                    // Offered for a plan a reschedule has replaced since: the drone would fly the old one.
                    if let plannedFor, plannedFor != d.planRevision {
                        throw DeliveryTransitionError(from: d.status, to: .scheduled)
                    }
                    try d.transition(to: .scheduled, at: self.now())
                    // Positions and estimates of a previous drone must not leak into the new assignment.
                    self.latest[id] = nil
                    d.reason = nil
                    d.assignedDroneID = drone
                    d.assignmentID = assignment
                    if d.initialETAPickup == nil { d.initialETAPickup = etaPickup }
                    if d.initialETADropoff == nil { d.initialETADropoff = etaDropoff }
                    d.etaPickup = etaPickup
                    d.etaDropoff = etaDropoff
                    // A launched flight is tracked live: the plan's uncertainty no longer applies.
                    d.etaMarginSeconds = nil
                case .queued:
                    d.recordQueueAnswer(decision, at: self.now())
                case .planned:
                    // Only a delivery still waiting for its launch follows the plan.
                    guard d.status == .requested else { return }
                    d.recordQueueAnswer(decision, at: self.now())
                }
            }
            // The status did not change, so `mutate` published nothing: a new plan is news for the
            // tracking stream when it moves the ETA.
            if case .planned = decision, before.status == after.status,
                before.etaPickup != after.etaPickup || before.etaDropoff != after.etaDropoff
                    || before.etaMarginSeconds != after.etaMarginSeconds
            {
                await publishETA(of: after)
            }
            return after
        } catch {
            // The delivery was cancelled while the dispatcher was deciding: take the drone back.
            if case .conflict = error, case let .scheduled(drone, assignment, _, _) = decision {
                do {
                    var withdrawn = try await get(id, businessID: nil)
                    withdrawn.assignedDroneID = drone
                    withdrawn.assignmentID = assignment
                    await dispatcher.cancel(withdrawn)
                } catch {
                    logger.error(
                        "drone not told to drop a delivery cancelled while it was offered",
                        metadata: [
                            "delivery": "\(id)", "drone": "\(drone)", "error": "\(error)",
                        ])
                }
            }
            throw error
        }
    }

    /// The plan revision the stored offer behind a placement was made for (nil: no stored offer, as
    /// with a dispatcher that decides on the row it was handed).
    func plannedRevision(of decision: DispatchDecision) async throws(DeliveryServiceError) -> Int64? {
        guard case let .scheduled(_, assignmentID, _, _) = decision else { return nil }
        do { return try await store.offer(assignmentID: assignmentID)?.planRevision } catch { throw .store(error) }
    }

    /// A drone refused the assignment: back to the queue, remembered so it is not asked again.
    @discardableResult
    package func markRejected(_ id: String, droneID: String, reason: String) async throws(DeliveryServiceError)
        -> Delivery
    {
        let (_, after) = try await mutate(id, businessID: nil) { d throws(DeliveryTransitionError) in
            guard d.assignedDroneID == droneID else { return }
            try d.transition(to: .requested, reason: "rejected by \(droneID): \(reason)", at: self.now())
            d.rejectedBy.append(droneID)
            d.assignedDroneID = nil
            d.assignmentID = nil
        }
        return after
    }

    /// Applies a drone's progress event. Stale events (another assignment, or a phase the delivery
    /// is already past) are ignored and return nil.
    @discardableResult
    package func apply(_ progress: DroneProgress) async throws(DeliveryServiceError) -> Delivery? {
        guard progress.phase != .rejected else {
            return try await markRejected(
                progress.deliveryID, droneID: progress.droneID, reason: progress.reason ?? "no reason given")
        }
        guard let target = progress.phase.impliedDeliveryStatus else { return nil }
        // The ETA kept in the row is refreshed at each status change from the live estimate.
        let live = latest[progress.deliveryID]
        let (before, after) = try await mutate(
            progress.deliveryID, businessID: nil, ignoreIllegal: true, phase: progress.phase
        ) { d throws(DeliveryTransitionError) in
            guard d.assignedDroneID == progress.droneID,
                progress.assignmentID == nil || d.assignmentID == progress.assignmentID
            else { return }
            var next = target
            // The package already reached the customer: trouble on the way home does not fail the delivery.
            if next == .failed, d.status == .delivered { next = .completed }
            // The package is still at the pickup: this drone's attempt failed, the delivery goes back to
            // the queue for another drone (the reason stays in its history).
            if next == .failed, d.status == .scheduled || d.status == .pickupInProgress {
                try d.transition(
                    to: .requested,
                    reason:
                        "aborted by \(progress.droneID) before pickup: \(progress.reason ?? "no reason given"); rescheduling",
                    at: progress.time)
                d.rejectedBy.append(progress.droneID)
                d.assignedDroneID = nil
                d.assignmentID = nil
                return
            }
            guard d.status.canTransition(to: next) else { return }
            try d.transition(
                to: next, reason: next == .failed ? progress.reason ?? "aborted by drone" : nil, at: progress.time)
            if let energy = progress.energyUsedWh { d.energyUsedWh = energy }
            if let eta = live?.etaPickup { d.etaPickup = eta }
            if let eta = live?.etaDropoff { d.etaDropoff = eta }
        }
        return before.status != after.status ? after : nil
    }

    // MARK: Internals

    func publish(_ base: TrackingUpdate, for delivery: Delivery) async {
        var update = base
        update.status = delivery.status
        // Live ETAs from telemetry are newer than the stored ones.
        update.etaPickup = base.etaPickup ?? delivery.etaPickup
        update.etaDropoff = base.etaDropoff ?? delivery.etaDropoff
        update.etaMarginSeconds = delivery.etaMarginSeconds
        update.deadline = delivery.deadline
        update.time = delivery.updatedAt
        if delivery.status.isTerminal {
            latest[delivery.id] = nil
            announcedArriving.remove(delivery.id)
        } else {
            latest[delivery.id] = update
        }
        await tracking.publish(update)
        statusRelay?.send(update)
    }
}
