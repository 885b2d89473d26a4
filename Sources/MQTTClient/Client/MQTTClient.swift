import Logging

/// The Swift face of libmosquitto: async/await for requests, `AsyncSequence` for messages and
/// connection state.
///
/// Delivery contract:
/// - QoS 1/2 `publish` returns once the broker acknowledged (PUBACK/PUBCOMP). While the
///   connection is down it waits for the reconnect; a message already handed to libmosquitto
///   when the connection drops is resent by libmosquitto after the reconnect. If no
///   acknowledgement arrives within `publishTimeout`, it throws `.timeout` (the message may
///   still arrive later: at-least-once).
/// - QoS 0 `publish` returns once queued and throws `.notConnected` while disconnected.
/// - After a reconnect without a resumed session, every live subscription is sent again.
public actor MQTTClient {
    public nonisolated let configuration: MQTTConfiguration
    let logger: Logger
    let counters = MQTTCounters()
    let router: MessageRouter
    let broadcaster = ConnectionStateBroadcaster()

    var handle: MosquittoHandle?
    var link: Link = .idle
    var pending: [Int32: PendingRequest] = [:]
    var connectionWaiters: [UInt64: ConnectionWaiter] = [:]
    var subscriptions: [UInt64: SubscriptionRecord] = [:]
    var nextID: UInt64 = 0
    private var eventTask: Task<Void, Never>?
    private var firstConnect: ConnectionWaiter?

    enum Link: Equatable {
        case idle, connecting, connected, reconnecting, closed
    }

    struct PendingRequest {
        var deadline: ContinuousClock.Instant
        var operation: String
        var continuation: CheckedContinuation<Result<[Int32], MQTTError>, Never>
    }

    struct ConnectionWaiter {
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Result<Void, MQTTError>, Never>
    }

    struct SubscriptionRecord {
        var filters: [String]
        var qos: MQTTQoS
    }

    /// Creates a client; nothing touches the network until `connect()`.
    public init(configuration: MQTTConfiguration, logger: Logger = Logger(label: "skyrelay.mqtt")) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "mqtt.client"] = "\(configuration.clientID)"
        self.logger = logger
        router = MessageRouter(counters: counters, holdCapacity: configuration.receiveBufferCapacity)
    }

    deinit {
        handle?.requestStop()
    }

    /// Counters since creation (received, dropped, published, acknowledged, reconnects).
    public nonisolated var statistics: MQTTStatistics { counters.snapshot }

    /// A fresh stream per caller: the current state first (once connected), then every change.
    public nonisolated func connectionStates() -> AsyncStream<MQTTConnectionState> {
        broadcaster.makeStream()
    }

    /// Whether the client is connected right now.
    public var isConnected: Bool { link == .connected }

    /// Connects for the first time and starts the network loop.
    ///
    /// Fails fast (no retry) with `.connectionRefused` for bad credentials, `.tls` for a TLS
    /// failure, `.library`/`.connectionLost` when the broker cannot be reached, `.timeout` when no
    /// CONNACK arrives within `connectTimeout`. After success, losses are retried forever with
    /// backoff until `disconnect()`.
    public func connect() async throws(MQTTError) {
        switch link {
        case .connected, .reconnecting: return
        case .connecting: throw .library(call: "connect", code: -1, message: "connect() already in progress")
        case .closed, .idle: break
        }
        let handle = try MosquittoHandle(configuration: configuration, router: router, counters: counters)
        self.handle = handle
        link = .connecting
        let events = handle.events
        eventTask = Task { [weak self] in
            for await event in events {
                guard let self else { return }
                await self.process(event)
            }
        }
        handle.start()
        let deadline = ContinuousClock.now + configuration.connectTimeout
        let result = await withCheckedContinuation { continuation in
            firstConnect = ConnectionWaiter(deadline: deadline, continuation: continuation)
        }
        if case .failure(let error) = result {
            logger.warning("MQTT connect to \(configuration.host):\(configuration.port) failed: \(error)")
            await tearDown(handle)
            link = .idle
            throw error
        }
    }

    /// Sends DISCONNECT (so no will is published), stops the loop thread, frees the libmosquitto
    /// handle and ends every subscription and state stream. Waiting calls throw `.shutdown`.
    public func disconnect() async {
        guard let handle else { return }
        link = .closed
        await tearDown(handle)
        router.removeAll()
        subscriptions.removeAll()
        broadcaster.finish()
    }

    private func tearDown(_ handle: MosquittoHandle) async {
        handle.requestStop()
        await eventTask?.value
        eventTask = nil
        self.handle = nil
        failEverything(with: .shutdown)
    }

    // MARK: Events

    private func process(_ event: MosquittoEvent) {
        switch event {
        case .connected(let sessionPresent):
            let reconnect = link != .connecting
            link = .connected
            logger.info("MQTT connected", metadata: ["sessionPresent": "\(sessionPresent)"])
            if let waiter = firstConnect {
                firstConnect = nil
                waiter.continuation.resume(returning: .success(()))
            }
            if reconnect, !sessionPresent { resubscribeAll() }
            broadcaster.publish(.connected(sessionPresent: sessionPresent))
            let waiters = connectionWaiters
            connectionWaiters.removeAll()
            for waiter in waiters.values { waiter.continuation.resume(returning: .success(())) }
        case .connectRefused(let code):
            let error = MQTTError.connectionRefused(
                code: code, message: MQTTError.reasonText(code, version: configuration.protocolVersion))
            logger.warning("MQTT connection refused: \(error)")
            failFirstConnect(error)
        case .connectFailed(let error):
            failFirstConnect(error)
        case .loopFailed(let error):
            logger.debug("MQTT loop: \(error)")
            failFirstConnect(error)
        case .disconnected(let code):
            guard link == .connected else { return }
            link = .reconnecting
            MQTTCounters.increment(counters.connectionLosses)
            let reason = MQTTError.connectionLost(
                code: code, message: MQTTError.reasonText(code, version: configuration.protocolVersion))
            logger.warning("MQTT disconnected: \(reason)")
            broadcaster.publish(.disconnected(reason: reason))
        case .published(let mid, let reasonCode):
            if pending[mid] != nil { MQTTCounters.increment(counters.acknowledged) }
            complete(mid, .success([reasonCode]))
        case .subscribed(let mid, let granted):
            complete(mid, .success(granted))
        case .unsubscribed(let mid):
            complete(mid, .success([]))
        case .tick:
            expireDeadlines()
        }
    }

    private func failFirstConnect(_ error: MQTTError) {
        guard let waiter = firstConnect else { return }
        firstConnect = nil
        waiter.continuation.resume(returning: .failure(error))
    }

    private func complete(_ mid: Int32, _ result: Result<[Int32], MQTTError>) {
        pending.removeValue(forKey: mid)?.continuation.resume(returning: result)
    }

    private func expireDeadlines() {
        let now = ContinuousClock.now
        if let waiter = firstConnect, waiter.deadline < now {
            failFirstConnect(.timeout(operation: "connect to \(configuration.host):\(configuration.port)"))
        }
        for (mid, request) in pending where request.deadline < now {
            pending.removeValue(forKey: mid)
            request.continuation.resume(returning: .failure(.timeout(operation: request.operation)))
        }
        for (id, waiter) in connectionWaiters where waiter.deadline < now {
            connectionWaiters.removeValue(forKey: id)
            waiter.continuation.resume(returning: .failure(.notConnected))
        }
    }

    private func failEverything(with error: MQTTError) {
        failFirstConnect(error)
        let requests = pending
        pending.removeAll()
        for request in requests.values { request.continuation.resume(returning: .failure(error)) }
        let waiters = connectionWaiters
        connectionWaiters.removeAll()
        for waiter in waiters.values { waiter.continuation.resume(returning: .failure(error)) }
    }

    // MARK: Shared by publish and subscribe

    /// Waits until connected, or throws `.notConnected` at `deadline`.
    func waitForConnection(until deadline: ContinuousClock.Instant) async throws(MQTTError) {
        switch link {
        case .connected: return
        case .idle, .closed: throw .notConnected
        case .connecting, .reconnecting: break
        }
        let id = makeID()
        let result = await withCheckedContinuation { continuation in
            connectionWaiters[id] = ConnectionWaiter(deadline: deadline, continuation: continuation)
        }
        try result.get()
    }

    /// Sends a request through `send` and waits for the broker's answer to its message id.
    func request(
        _ operation: String,
        until deadline: ContinuousClock.Instant,
        send: (MosquittoHandle) throws(MQTTError) -> Int32
    ) async throws(MQTTError) -> [Int32] {
        guard let handle else { throw .notConnected }
        let result = await withCheckedContinuation { continuation in
            do throws(MQTTError) {
                let mid = try send(handle)
                pending[mid] = PendingRequest(deadline: deadline, operation: operation, continuation: continuation)
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
        return try result.get()
    }

    func makeID() -> UInt64 {
        nextID += 1
        return nextID
    }
}
