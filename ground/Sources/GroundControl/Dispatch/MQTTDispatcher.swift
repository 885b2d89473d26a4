import AsyncAlgorithms
import FleetProtocol
import Foundation
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
/// Rounds run on a trigger (new delivery, rejection, drone online/offline/idle) and every
/// ``DispatcherConfiguration/roundInterval``; a 100 ms tick also expires reply deadlines.
public actor MQTTDispatcher: Dispatcher, Service {
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
    /// Set once by ``attach(_:)``: the service that owns delivery rows (it also holds this dispatcher).
    var deliveries: DeliveryService?

    var outstanding: [String: OutstandingCommand] = [:]
    /// Exclusions learnt here whose write to the delivery row has not landed yet (see ``exclude(_:droneID:)``).
    var excluded: [String: Set<String>] = [:]
    var waiters: [String: [DispatchWaiter]] = [:]
    var controlWaiters: [String: ControlWaiter] = [:]
    /// Last reason each queued delivery was given, so an unchanged reason is not rewritten every round.
    var lastReason: [String: String] = [:]
    /// Accepted offers whose delivery row is not `scheduled` yet (the waiting request or the
    /// service is writing it): a round in between must neither re-offer the delivery nor the drone.
    var settling: [String: (droneID: String, since: ContinuousClock.Instant)] = [:]
    /// Orphan assignments a drone was told to abort, so each is told (and alerted) once.
    var abortedOrphans: Set<String> = []
    /// Orphan flights and adoptions are counted here (nil in tests that read no metrics).
    let metrics: GroundMetrics?
    var roundRequested = true
    var nextRound = ContinuousClock.now
    /// Rounds run so far (diagnostics and tests).
    public internal(set) var roundCount = 0

    public init(
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
    }

    /// Connects the dispatcher to the delivery service built around it (they reference each other).
    public func attach(_ deliveries: DeliveryService) {
        self.deliveries = deliveries
        requestRound()
    }

    /// Asks for a round at the next tick.
    public func requestRound() {
        roundRequested = true
    }

    // MARK: Dispatcher

    public func dispatch(_ delivery: Delivery) async -> DispatchDecision {
        guard deliveries != nil else { return .queued(reason: "dispatcher not running") }
        guard await leadership.isLeader else { return .queued(reason: Self.followerReason) }
        requestRound()
        let deadline = ContinuousClock.now + configuration.requestWait
        return await withCheckedContinuation { continuation in
            waiters[delivery.id, default: []].append(DispatchWaiter(deadline: deadline, continuation: continuation))
        }
    }

    public func cancel(_ delivery: Delivery) async {
        lastReason[delivery.id] = nil
        excluded[delivery.id] = nil
        // An offer still waiting for its reply is withdrawn too.
        for (commandID, command) in outstanding where command.deliveryID == delivery.id {
            outstanding[commandID] = nil
            if case let .assign(_, assignmentID, _, _) = command.purpose {
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

    public func command(_ command: FleetCommand, droneID: String) async throws(DispatchError) {
        guard let state = await fleet.state(of: droneID) else { throw .unknownDrone(droneID) }
        guard state.online else { throw .droneOffline(droneID) }
        let kind: Command.Kind = command == .recall ? .recall : .landNow
        let commandID: String
        do { commandID = try await send(kind, to: droneID, purpose: .control) } catch {
            throw .unavailable("could not publish \(command.rawValue) to \(droneID): \(error)")
        }
        let result = await withCheckedContinuation { continuation in
            controlWaiters[commandID] = ControlWaiter(continuation: continuation)
        }
        try result.get()
    }

    // MARK: Service

    /// Runs rounds and expires deadlines until graceful shutdown.
    public func run() async throws {
        let ticks = AsyncTimerSequence(interval: .milliseconds(100), clock: .continuous)
        for await _ in ticks.cancelOnGracefulShutdown() {
            await tick()
        }
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
    }

    private func shutDown() {
        for (_, list) in waiters {
            for waiter in list { waiter.continuation.resume(returning: .queued(reason: "ground control shutting down")) }
        }
        waiters.removeAll()
        for (_, waiter) in controlWaiters { waiter.continuation.resume(returning: .failure(.unavailable("ground control shutting down"))) }
        controlWaiters.removeAll()
    }
}
