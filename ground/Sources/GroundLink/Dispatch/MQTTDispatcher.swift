import FleetProtocol
import Foundation
import GroundCore
import GroundObservability
import Logging
import MQTTClient
import ServiceLifecycle

/// The real ``Dispatcher``: runs optimal scheduling rounds over live fleet snapshots and talks to
/// the drones over MQTT (`assign`, `cancel`, `recall`, `land-now` on `<prefix>/drones/<id>/commands`).
///
/// The store is the source of truth for what is pending: each round reads the active deliveries,
/// with the drones each one must not be offered to (refused, silent, gone) and the operator's pin,
/// so a restart, a new leader, or a change made through another instance needs no extra bookkeeping.
/// In memory are only the commands awaiting a reply, exclusions not yet written to the row, and the
/// HTTP requests waiting for their first outcome.
///
/// Decisions that are not the answer to a waiting ``dispatch(_:)`` go out on ``events`` for the
/// delivery service to write (``DeliveryService/followDispatcher()``): the dispatcher never holds the service.
///
/// Rounds run on a trigger (new delivery, rejection, drone online/offline/idle, leadership change) and
/// every ``DispatcherConfiguration/roundInterval``. Between them the run loop sleeps until the next
/// due time (round, reply deadline, waiting request), and new work wakes it earlier.
package actor MQTTDispatcher: Dispatcher, Service {
    let client: MQTTClient
    let fleet: FleetRegistry
    let store: any GroundStore
    let configuration: DispatcherConfiguration
    let codec = FleetCodec()
    let logger: Logger
    let now: @Sendable () -> Date
    /// Only the leader runs rounds; followers leave pending deliveries in the store for it.
    let leadership: any Leadership
    var wasLeader = false
    /// Decisions for the delivery service (see ``DispatchEvent``); finished at shutdown.
    package nonisolated let events: AsyncStream<DispatchEvent>
    let emit: AsyncStream<DispatchEvent>.Continuation
    /// Wakes the run loop: work to do now, or the timer for the next due time. Holds at most one
    /// pending wake-up, so a burst of triggers runs one round.
    let wakeups: AsyncStream<Void>
    let wake: AsyncStream<Void>.Continuation
    /// Sleeps until the next due time (``scheduleTimer()``), then wakes the run loop.
    var timer: Task<Void, Never>?

    var outstanding: [String: OutstandingCommand] = [:]
    /// Exclusions learnt here whose write to the delivery row has not landed yet (see ``exclude(_:droneID:)``).
    var excluded: [String: Set<String>] = [:]
    var waiters: [String: [DispatchWaiter]] = [:]
    var controlWaiters: [String: ControlWaiter] = [:]
    /// Last reason each queued delivery was given, so an unchanged reason is not rewritten every round.
    var lastReason: [String: String] = [:]
    /// Each planned delivery's place in the last plan: its drone is the hysteresis anchor of the next
    /// plan, its ETA decides whether the row needs a new write.
    var lastPlan: [String: PlannedJob] = [:]
    /// Accepted offers whose delivery row is not `scheduled` yet (the waiting request or the
    /// service is writing it): a round in between must neither re-offer the delivery nor the drone.
    var settling: [String: (droneID: String, since: ContinuousClock.Instant)] = [:]
    /// Exclusions the service confirmed written to the row, with the ``exclusionWrites`` count at that
    /// moment: the memory entry goes once a round has read the rows after it (a round whose read was
    /// already under way would otherwise see neither the row's nor memory's exclusion).
    var confirmedExclusions: [String: [String: Int]] = [:]
    var exclusionWrites = 0
    /// Offers whose answer is known here and being written to the store: not "awaiting an answer".
    var resolving: Set<String> = []
    /// Orphan assignments a drone was told to abort, so each is told (and alerted) once.
    var abortedOrphans: Set<String> = []
    /// The path each flight flies (nil: straight), by assignment: written here on offer and accepted
    /// re-route, read from the store (``GroundStore/offerRoutes(assignmentIDs:)``) for flights another
    /// leader assigned.
    var flightRoutes: [String: (deliveryID: String, route: Assignment.Route?)] = [:]
    /// Assignments recalled or landed because the zones left no path: told once.
    var grounded: Set<String> = []
    /// Orphan flights and adoptions are counted here (nil in tests that read no metrics).
    let metrics: GroundMetrics?
    /// The active deliveries as the last round read them: a round reads again in full only the rows
    /// whose version moved since (``readActiveDeliveries()``).
    var activeCopies: [String: Delivery] = [:]
    var roundRequested = true
    /// Deliveries cancelled or re-planned while the running round awaited the store: its rows of them are
    /// stale (an offer of the old plan would tie up a drone for a plan nobody wants), so it leaves them to
    /// the next round, which `cancel` has requested.
    var changedDuringRound: Set<String> = []
    var nextRound = ContinuousClock.now
    /// Every drone's queue in the last plan (empty when nothing waits): the swap depots' orders follow it.
    var planQueues: [String: [PlannedJob]] = [:]
    /// Told which depots' swap lists each round rewrote (nil: nobody follows them).
    var swapSignal: SwapOrderSignal?
    /// First dropoff ETAs with slack learned from recent slips, when the hold keeps promises (see
    /// MQTTDispatcher+Quote.swift).
    var promiseQuoter = PromiseQuoter()
    /// The last round's plan that new bookings are quoted against (``book(_:)``); nil until a round has
    /// planned, and after a trigger the plan does not know about (see ``planTriggers``).
    var quoteBook: QuoteBook?
    /// Counts the triggers that change what a plan is made of (fleet, replies, cancels): a round whose
    /// plan began before one of them leaves no ``quoteBook``.
    var planTriggers = 0
    /// Bookings answered from ``quoteBook``, with the round count then: their quote anchors the next
    /// plans (``lastPlan``) even when the round under way read the rows before they were inserted.
    var quotedAt: [String: Int] = [:]
    /// When the last round began (bookings coalesce their round after it).
    var roundStartedAt = ContinuousClock.now
    /// Rounds run so far (diagnostics and tests).
    package internal(set) var roundCount = 0

    package init(
        client: MQTTClient, fleet: FleetRegistry, store: any GroundStore,
        configuration: DispatcherConfiguration = DispatcherConfiguration(),
        logger: Logger = Logger(label: "skyrelay.ground.dispatch"), now: @escaping @Sendable () -> Date = { Date() },
        leadership: any Leadership = SoleLeader(), metrics: GroundMetrics? = nil
    ) {
        self.metrics = metrics
        self.leadership = leadership
        self.client = client
        self.fleet = fleet
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.now = now
        (events, emit) = AsyncStream.makeStream(of: DispatchEvent.self)
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        // The first round runs as soon as the loop starts (deliveries may be pending in the store).
        wake.yield()
    }

    /// Asks for a round as soon as the run loop gets to it.
    package func requestRound() {
        planTriggers += 1
        quoteBook = nil
        roundRequested = true
        wake.yield()
    }

    // MARK: Dispatcher

    package func dispatch(_ delivery: Delivery) async -> DispatchDecision {
        guard await leadership.isLeader else { return .queued(reason: Self.followerReason) }
        requestRound()
        return await answerFromRound(delivery.id)
    }

    /// Waits for the round already asked for to answer `deliveryID` (an offer's reply, a plan or a queue
    /// reason), or for ``DispatcherConfiguration/requestWait`` to pass.
    func answerFromRound(_ deliveryID: String) async -> DispatchDecision {
        let deadline = ContinuousClock.now + configuration.requestWait
        return await withCheckedContinuation { continuation in
            waiters[deliveryID, default: []].append(DispatchWaiter(deadline: deadline, continuation: continuation))
            scheduleTimer()
        }
    }

    package func cancel(_ delivery: Delivery) async {
        changedDuringRound.insert(delivery.id)
        lastReason[delivery.id] = nil
        lastPlan[delivery.id] = nil
        // The plan changes: the drone's queue moves up.
        requestRound()
        excluded[delivery.id] = nil
        // An offer still waiting for its reply is withdrawn too.
        for (commandID, command) in outstanding where command.deliveryID == delivery.id {
            outstanding[commandID] = nil
            if case let .assign(_, assignmentID, _, _) = command.purpose {
                resolving.insert(assignmentID)
                await resolveOffer(assignmentID, as: .withdrawn)
                await sendCancel(droneID: command.droneID, assignmentID: assignmentID, returnTo: .home)
            }
        }
        await withdrawStoredOffers(of: delivery.id)
        guard let droneID = delivery.assignedDroneID, let assignmentID = delivery.assignmentID else { return }
        // With the package on board the drone brings it back to the sender.
        let returnTo: Command.ReturnTarget = delivery.status == .inTransit ? .pickup : .home
        await sendCancel(droneID: droneID, assignmentID: assignmentID, returnTo: returnTo)
    }

    package func command(_ command: FleetCommand, droneID: String) async throws(DispatchError) {
        guard let state = await fleet.state(of: droneID) else { throw .unknownDrone(droneID) }
        guard state.online else { throw .droneOffline(droneID) }
        let kind: Command.Kind = command == .recall ? .recall : .landNow
        let commandID = "cmd_" + Self.token()
        controlWaiters[commandID] = .publishing
        do { try await send(kind, to: droneID, purpose: .control, commandID: commandID) } catch {
            controlWaiters[commandID] = nil
            throw .unavailable("could not publish \(command.rawValue) to \(droneID): \(error)")
        }
        if case let .answered(result)? = controlWaiters[commandID] {
            controlWaiters[commandID] = nil
            return try result.get()
        }
        // A cancelled request (its HTTP client gone) stops waiting; the drone's later answer goes nowhere.
        let cancelled = Result<Void, DispatchError>.failure(.unavailable("the request was cancelled"))
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    controlWaiters[commandID] = nil
                    continuation.resume(returning: cancelled)
                } else {
                    controlWaiters[commandID] = .waiting(continuation)
                }
            }
        } onCancel: {
            Task { await self.answerControl(commandID, with: cancelled) }
        }
        try result.get()
    }

    /// Gives an operator command its answer: to the request waiting for it, or kept for the request still
    /// publishing. A command no operator waits for (a cancel) has no entry and its answer goes nowhere.
    func answerControl(_ commandID: String, with result: Result<Void, DispatchError>) {
        switch controlWaiters[commandID] {
        case let .waiting(continuation)?:
            controlWaiters[commandID] = nil
            continuation.resume(returning: result)
        case .publishing?:
            controlWaiters[commandID] = .answered(result)
        case .answered?, nil:
            break
        }
    }

    /// The delivery service wrote (or could not write) one of ``events``. A written exclusion no longer
    /// needs memory once a round has read the row after the write (an operator lifting it in the row is
    /// then obeyed); a requeued delivery is placed by the next round.
    package func recorded(_ event: DispatchEvent, succeeded: Bool) {
        switch event {
        case .decided:
            break
        case let .excluded(deliveryID, droneID):
            if succeeded { confirmExclusion(deliveryID, droneID: droneID) }
        case let .droneLost(deliveryID, droneID, _), let .grounded(deliveryID, droneID, _):
            if succeeded { confirmExclusion(deliveryID, droneID: droneID) }
            requestRound()
        }
    }

    // MARK: Service

    /// Runs rounds and expires deadlines until graceful shutdown, sleeping in between until the next
    /// due time or new work.
    package func run() async throws {
        let changes = await leadership.changes()
        await withDiscardingTaskGroup { group in
            // A change of leader is a trigger like any other (rounds start or stop at once).
            group.addTask { [wake] in
                for await _ in changes { wake.yield() }
            }
            for await _ in wakeups.cancelOnGracefulShutdown() {
                await tick()
                scheduleTimer()
            }
            group.cancelAll()
        }
        timer?.cancel()
        shutDown()
    }

    func tick() async {
        expireDeadlines()
        guard await followLeadership() else { return }
        let clock = ContinuousClock.now
        guard roundRequested || clock >= nextRound else { return }
        roundRequested = false
        nextRound = clock + configuration.roundInterval
        await runRound()
        await refreshSwapOrders()
    }

    /// Sets the timer to the earliest due time: the next periodic round (while leading), a reply
    /// deadline, or the deadline of a request not waiting on an offer (one that is gets its answer
    /// with the offer's reply or deadline).
    func scheduleTimer() {
        var due: ContinuousClock.Instant? = wasLeader ? nextRound : nil
        func consider(_ instant: ContinuousClock.Instant) { due = min(due ?? instant, instant) }
        for command in outstanding.values { consider(command.deadline) }
        let offered = Set(outstanding.values.compactMap(\.deliveryID))
        for (deliveryID, list) in waiters where !offered.contains(deliveryID) {
            for waiter in list { consider(waiter.deadline) }
        }
        timer?.cancel()
        timer = nil
        guard let due else { return }
        timer = Task { [wake] in
            // Cancelled: a newer timer replaced this one.
            do { try await Task.sleep(until: due, clock: .continuous) } catch { return }
            wake.yield()
        }
    }

    private func shutDown() {
        emit.finish()
        for (_, list) in waiters {
            for waiter in list {
                waiter.continuation.resume(returning: .queued(reason: "ground control shutting down"))
            }
        }
        waiters.removeAll()
        for commandID in controlWaiters.keys {
            answerControl(commandID, with: .failure(.unavailable("ground control shutting down")))
        }
    }
}
