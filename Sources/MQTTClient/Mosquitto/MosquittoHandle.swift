import CMosquitto
import Foundation
import Synchronization

/// The C boundary: one `struct mosquitto *`, its callbacks and the thread running its network loop.
///
/// Own loop thread rather than `mosquitto_loop_start`: libmosquitto's built-in reconnect has
/// whole-second delays, a fixed squared backoff and no jitter, and it cannot tell a first-connect
/// failure (which must fail fast) from a later loss (which must retry).
///
/// `@unchecked Sendable`: `mosq` is a raw pointer. libmosquitto in threaded mode
/// (`mosquitto_threaded_set`) locks internally, so the actor may publish/subscribe while the loop
/// thread runs it; everything else here is in a `Mutex` or immutable.
final class MosquittoHandle: @unchecked Sendable {
    let events: AsyncStream<MosquittoEvent>
    private let sink: AsyncStream<MosquittoEvent>.Continuation
    private let mosq: OpaquePointer
    private let configuration: MQTTConfiguration
    private let router: MessageRouter
    private let counters: MQTTCounters
    private let loop = Mutex(LoopState())

    private struct LoopState {
        var stopRequested = false
        /// Set by the first successful CONNACK: from then on a loss means "reconnect".
        var everConnected = false
        var attempt = 0
    }

    init(configuration: MQTTConfiguration, router: MessageRouter, counters: MQTTCounters) throws(MQTTError) {
        MosquittoLibrary.initialize()
        guard let mosq = mosquitto_new(configuration.clientID, configuration.cleanStart, nil) else {
            throw .library(call: "mosquitto_new", code: errno, message: String(cString: strerror(errno)))
        }
        self.mosq = mosq
        self.configuration = configuration
        self.router = router
        self.counters = counters
        (events, sink) = AsyncStream.makeStream(of: MosquittoEvent.self)
        mosquitto_user_data_set(mosq, Unmanaged.passUnretained(self).toOpaque())
        try configure()
    }

    deinit {
        mosquitto_destroy(mosq)
        sink.finish()
    }

    // MARK: Setup

    private func configure() throws(MQTTError) {
        try check("mosquitto_threaded_set", mosquitto_threaded_set(mosq, true))
        let version = configuration.protocolVersion == .v5 ? PROTOCOL_VERSION_v5 : PROTOCOL_VERSION_v311
        try check(
            "mosquitto_int_option(PROTOCOL_VERSION)", mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, version))
        if configuration.username != nil || configuration.password != nil {
            try check(
                "mosquitto_username_pw_set",
                mosquitto_username_pw_set(mosq, configuration.username, configuration.password))
        }
        if let will = configuration.will {
            let rc = will.payload.withUnsafeBytes {
                mosquitto_will_set_v5(
                    mosq, will.topic, Int32($0.count), $0.baseAddress, will.qos.rawValue, will.retain, nil)
            }
            try check("mosquitto_will_set_v5(\(will.topic))", rc)
        }
        if let tls = configuration.tls {
            do {
                try check("mosquitto_tls_set", mosquitto_tls_set(mosq, tls.caFile, nil, tls.certFile, tls.keyFile, nil))
                try check("mosquitto_tls_opts_set", mosquitto_tls_opts_set(mosq, tls.verifyPeer ? 1 : 0, nil, nil))
                try check("mosquitto_tls_insecure_set", mosquitto_tls_insecure_set(mosq, !tls.verifyPeer))
            } catch {
                throw .tls(
                    code: -1,
                    message: "\(error) (ca \(tls.caFile), cert \(tls.certFile ?? "-"), key \(tls.keyFile ?? "-"))")
            }
        }
        mosquitto_connect_v5_callback_set(mosq) { _, context, rc, flags, _ in
            MosquittoHandle.from(context)?.didConnect(code: rc, flags: flags)
        }
        mosquitto_disconnect_v5_callback_set(mosq) { _, context, rc, _ in
            MosquittoHandle.from(context)?.sink.yield(.disconnected(code: rc))
        }
        mosquitto_publish_v5_callback_set(mosq) { _, context, mid, reason, _ in
            MosquittoHandle.from(context)?.sink.yield(.published(mid: mid, reasonCode: reason))
        }
        mosquitto_subscribe_v5_callback_set(mosq) { _, context, mid, count, granted, _ in
            let codes = granted.map { Array(UnsafeBufferPointer(start: $0, count: Int(count))) } ?? []
            MosquittoHandle.from(context)?.sink.yield(.subscribed(mid: mid, granted: codes))
        }
        mosquitto_unsubscribe_v5_callback_set(mosq) { _, context, mid, _ in
            MosquittoHandle.from(context)?.sink.yield(.unsubscribed(mid: mid))
        }
        mosquitto_message_v5_callback_set(mosq) { _, context, message, properties in
            guard let message else { return }
            MosquittoHandle.from(context)?.didReceive(message.pointee, properties: properties)
        }
    }

    private static func from(_ context: UnsafeMutableRawPointer?) -> MosquittoHandle? {
        context.map { Unmanaged<MosquittoHandle>.fromOpaque($0).takeUnretainedValue() }
    }

    private func check(_ call: String, _ rc: Int32) throws(MQTTError) {
        guard rc == MOSQ_ERR_SUCCESS.rawValue else { throw .mosquitto(call, rc: rc) }
    }

    // MARK: Callbacks (loop thread)

    private func didConnect(code: Int32, flags: Int32) {
        guard code == 0 else {
            sink.yield(.connectRefused(code: code))
            return
        }
        loop.withLock {
            $0.everConnected = true
            $0.attempt = 0
        }
        MQTTCounters.increment(counters.connects)
        sink.yield(.connected(sessionPresent: flags & 1 != 0))
    }

    private func didReceive(_ message: mosquitto_message, properties: OpaquePointer?) {
        guard let topic = message.topic else { return }
        router.route(topic: topic) {
            let payload: [UInt8] =
                if let bytes = message.payload, message.payloadlen > 0 {
                    Array(UnsafeRawBufferPointer(start: bytes, count: Int(message.payloadlen)))
                } else {
                    []
                }
            return MQTTMessage(
                topic: String(cString: topic),
                payload: payload,
                qos: MQTTQoS(rawValue: message.qos) ?? .atMostOnce,
                retain: message.retain,
                properties: properties == nil ? MQTTPublishProperties() : MosquittoProperties.read(properties)
            )
        }
    }

    // MARK: Requests (any thread)

    /// Queues a PUBLISH and returns its message id.
    func publish(_ topic: String, payload: [UInt8], qos: MQTTQoS, retain: Bool, properties: MQTTPublishProperties)
        throws(MQTTError) -> Int32
    {
        var list: OpaquePointer?
        if configuration.protocolVersion == .v5, !properties.isEmpty {
            list = try MosquittoProperties.make(properties)
        }
        defer { mosquitto_property_free_all(&list) }
        var mid: Int32 = 0
        let rc = payload.withUnsafeBytes {
            mosquitto_publish_v5(mosq, &mid, topic, Int32($0.count), $0.baseAddress, qos.rawValue, retain, list)
        }
        try check("mosquitto_publish_v5(\(topic))", rc)
        MQTTCounters.increment(counters.published)
        writeQueued()
        return mid
    }

    /// Writes the queued packets to the socket on the calling thread. In threaded mode
    /// `mosquitto_publish` only queues and wakes the loop thread (a byte on its socket pair) to write;
    /// on a loaded host every publish then also waits for that thread to be scheduled. libmosquitto
    /// serialises writers (its current-packet mutex), so the loop thread and this call cannot
    /// interleave a packet. A failure here is a lost connection: libmosquitto closes the socket and
    /// calls the disconnect callback (the loss event), and the loop thread's next `mosquitto_loop`
    /// fails and reconnects, as for any other loss; its code adds nothing to report.
    private func writeQueued() {
        guard mosquitto_want_write(mosq) else { return }
        _ = mosquitto_loop_write(mosq, 1)
    }

    /// Queues a SUBSCRIBE for all `filters` and returns its message id.
    func subscribe(_ filters: [String], qos: MQTTQoS) throws(MQTTError) -> Int32 {
        var mid: Int32 = 0
        let rc = Self.withCStrings(filters) {
            mosquitto_subscribe_multiple(mosq, &mid, Int32(filters.count), $0, qos.rawValue, 0, nil)
        }
        try check("mosquitto_subscribe_multiple(\(filters))", rc)
        return mid
    }

    /// Queues an UNSUBSCRIBE for all `filters` and returns its message id.
    func unsubscribe(_ filters: [String]) throws(MQTTError) -> Int32 {
        var mid: Int32 = 0
        let rc = Self.withCStrings(filters) {
            mosquitto_unsubscribe_multiple(mosq, &mid, Int32(filters.count), $0, nil)
        }
        try check("mosquitto_unsubscribe_multiple(\(filters))", rc)
        return mid
    }

    /// Checks a subscription filter (wildcards allowed) before it reaches the broker.
    static func validate(filter: String) throws(MQTTError) {
        let rc = mosquitto_sub_topic_check(filter)
        guard rc == MOSQ_ERR_SUCCESS.rawValue else {
            throw .rejected(
                operation: "subscribe \(filter)", code: rc, message: String(cString: mosquitto_strerror(rc)))
        }
    }

    private static func withCStrings<R>(
        _ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> R
    ) -> R {
        var pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }

    // MARK: Loop thread

    /// Starts the loop thread, which connects first; the outcome arrives as an event.
    func start() {
        let thread = Thread { [self] in runLoop() }
        thread.name = "mosquitto \(configuration.clientID)"
        thread.start()
    }

    /// Sends DISCONNECT (no will) and makes the loop thread exit; `events` then finishes.
    func requestStop() {
        loop.withLock { $0.stopRequested = true }
        mosquitto_disconnect_v5(mosq, 0, nil)
    }

    private var stopRequested: Bool { loop.withLock { $0.stopRequested } }

    private func runLoop() {
        defer {
            sink.finish()
        }
        let connectRC = connectOnce()
        guard connectRC == MOSQ_ERR_SUCCESS.rawValue else {
            sink.yield(
                .connectFailed(
                    .mosquitto("mosquitto_connect_bind_v5(\(configuration.host):\(configuration.port))", rc: connectRC))
            )
            return
        }
        var lastTick = ContinuousClock.now
        let stopGrace = Duration.seconds(2)
        var stopDeadline: ContinuousClock.Instant?
        var lastHandover: ContinuousClock.Instant?
        // Whatever is still queued for the subscriptions goes out when the thread ends.
        defer { router.flush() }
        while true {
            var rc = mosquitto_loop(mosq, 50, 1)
            var backlog = false
            if rc == MOSQ_ERR_SUCCESS.rawValue { rc = drainReadable(backlog: &backlog) }
            let savedErrno = errno
            // With more already waiting (the burst hit its limit), reading on at once is faster than waiting.
            if router.flush() > 0, !backlog { coalesce(after: &lastHandover) }
            if ContinuousClock.now - lastTick >= .milliseconds(100) {
                lastTick = .now
                sink.yield(.tick)
            }
            if stopRequested {
                // Keep looping until the DISCONNECT is written and the socket closes, or give up.
                let deadline = stopDeadline ?? (.now + stopGrace)
                stopDeadline = deadline
                if rc != MOSQ_ERR_SUCCESS.rawValue || ContinuousClock.now > deadline { return }
                continue
            }
            guard rc != MOSQ_ERR_SUCCESS.rawValue else { continue }
            sink.yield(.loopFailed(.mosquitto("mosquitto_loop", rc: rc, errno: savedErrno)))
            guard loop.withLock({ $0.everConnected }) else { return }
            guard reconnectWithBackoff(lastTick: &lastTick) else { return }
        }
    }

    /// Reads the packets already waiting on the socket, up to ``drainLimit``, without another
    /// `select`: `mosquitto_loop` reads one packet per call at QoS 0. The messages they carry are
    /// queued in the router and handed over together by its `flush()`, so a consumer that was idle
    /// is woken once per burst rather than once per message.
    ///
    /// The end of the burst is the read that finds the socket empty (libmosquitto's `read` fails with
    /// `EAGAIN` and it returns success with `errno` set): one system call per burst instead of a `poll`
    /// before every packet. An `EAGAIN` left by the message callback only ends the burst early; the next
    /// `mosquitto_loop` reads on. `backlog` tells whether the burst stopped at ``drainLimit`` with the
    /// socket not yet found empty.
    private func drainReadable(backlog: inout Bool) -> Int32 {
        guard mosquitto_socket(mosq) >= 0 else { return MOSQ_ERR_SUCCESS.rawValue }
        for _ in 0..<Self.drainLimit {
            errno = 0
            let rc = mosquitto_loop_read(mosq, 1)
            guard rc == MOSQ_ERR_SUCCESS.rawValue else { return rc }
            if errno == EAGAIN || errno == EWOULDBLOCK { return MOSQ_ERR_SUCCESS.rawValue }
        }
        backlog = true
        return MOSQ_ERR_SUCCESS.rawValue
    }

    /// Waits ``MQTTConfiguration/receiveCoalescing`` after a hand-over that came soon after the
    /// previous one: messages are arriving in quick succession, and those of the next span are then
    /// read and handed over together.
    private func coalesce(after lastHandover: inout ContinuousClock.Instant?) {
        let window = configuration.receiveCoalescing
        guard window > .zero else { return }
        let now = ContinuousClock.now
        defer { lastHandover = now }
        guard let last = lastHandover, now - last < window * 2 else { return }
        Thread.sleep(forTimeInterval: window.seconds)
    }

    /// Packets read per burst before the queued messages are handed over (bounds their wait).
    static let drainLimit = 64

    private func connectOnce() -> Int32 {
        var list: OpaquePointer?
        defer { mosquitto_property_free_all(&list) }
        let expiry = UInt32(clamping: Int64(configuration.sessionExpiry.seconds.rounded()))
        if configuration.protocolVersion == .v5, expiry > 0 {
            _ = mosquitto_property_add_int32(&list, Int32(MQTT_PROP_SESSION_EXPIRY_INTERVAL.rawValue), expiry)
        }
        let keepAlive = Int32(clamping: max(5, Int64(configuration.keepAlive.seconds.rounded())))
        return mosquitto_connect_bind_v5(mosq, configuration.host, Int32(configuration.port), keepAlive, nil, list)
    }

    /// Sleeps with backoff and calls `mosquitto_reconnect` until it succeeds; false if stopped meanwhile.
    private func reconnectWithBackoff(lastTick: inout ContinuousClock.Instant) -> Bool {
        while !stopRequested {
            let attempt = loop.withLock { state in
                defer { state.attempt += 1 }
                return state.attempt
            }
            let wakeUp = ContinuousClock.now + configuration.reconnect.delay(attempt: attempt)
            while ContinuousClock.now < wakeUp, !stopRequested {
                Thread.sleep(forTimeInterval: min(0.05, (wakeUp - .now).seconds))
                if ContinuousClock.now - lastTick >= .milliseconds(100) {
                    lastTick = .now
                    sink.yield(.tick)
                }
            }
            if stopRequested { return false }
            let rc = mosquitto_reconnect(mosq)
            if rc == MOSQ_ERR_SUCCESS.rawValue { return true }
            sink.yield(.loopFailed(.mosquitto("mosquitto_reconnect", rc: rc)))
        }
        return false
    }
}
