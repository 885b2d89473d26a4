import CMosquitto
import Synchronization

/// Routes each incoming message to the subscriptions whose filters match its topic.
///
/// Runs on libmosquitto's loop thread for every message, so it matches against the C topic
/// string directly and builds the Swift message only once, and only if someone wants it.
///
/// A persistent session makes the broker send what it queued for us right after CONNACK, before
/// the caller had a chance to call `subscribe` again. Those messages are already acknowledged to the
/// broker, so dropping them would lose them for good: messages no route wants are held back (up to
/// `holdCapacity`, oldest evicted and counted as unrouted) and handed, in arrival order, to the first
/// subscription added later whose filters match.
final class MessageRouter: Sendable {
    private struct Route {
        /// Filters as C strings, with any `$share/<group>/` prefix removed for matching.
        var matchFilters: [[CChar]]
        var sink: MessageSink
        var dropped: SubscriptionCounter
    }

    private struct HeldMessage {
        var topic: [CChar]
        var message: MQTTMessage
    }

    /// Routed messages waiting for the end of the loop thread's read burst (see ``flush()``): a run of
    /// consecutive messages for one route, handed over in one call.
    private struct Queued {
        var routeID: UInt64
        var sink: MessageSink
        var dropped: SubscriptionCounter
        var messages: [MQTTMessage]
    }

    private struct State {
        var routes: [UInt64: Route] = [:]
        var held: [HeldMessage] = []
        var queued: [Queued] = []
    }

    private let state = Mutex(State())
    private let counters: MQTTCounters
    private let holdCapacity: Int

    init(counters: MQTTCounters, holdCapacity: Int) {
        self.counters = counters
        self.holdCapacity = max(0, holdCapacity)
    }

    /// Adds a route and hands it the held-back messages it matches, before any newer message.
    func add(id: UInt64, filters: [String], sink: MessageSink, dropped: SubscriptionCounter) {
        let route = Route(
            matchFilters: filters.map { Array(Self.matchForm(of: $0).utf8CString) }, sink: sink, dropped: dropped)
        state.withLock { state in
            state.routes[id] = route
            guard !state.held.isEmpty else { return }
            var kept: [HeldMessage] = []
            for held in state.held {
                let wanted = held.topic.withUnsafeBufferPointer { topic in
                    guard let topic = topic.baseAddress else { return false }
                    return route.matchFilters.contains { Self.matches(filter: $0, topic: topic) }
                }
                if wanted { deliver(held.message, to: route) } else { kept.append(held) }
            }
            state.held = kept
        }
    }

    /// Removes a route and ends its stream. Safe to call twice.
    func remove(id: UInt64) {
        let route = state.withLock { $0.routes.removeValue(forKey: id) }
        route?.sink.finish()
    }

    func contains(id: UInt64) -> Bool {
        state.withLock { $0.routes[id] != nil }
    }

    /// Ends every stream (client shutdown).
    func removeAll() {
        let all = state.withLock { state in
            defer {
                state.routes.removeAll()
                state.held.removeAll()
            }
            return Array(state.routes.values)
        }
        for route in all { route.sink.finish() }
    }

    /// Queues the message for every matching subscription (handed over by the next ``flush()``), or
    /// holds it back if none matches; counts received, dropped and unrouted (evicted from the
    /// hold-back buffer) messages.
    func route(topic: UnsafePointer<CChar>, makeMessage: () -> MQTTMessage) {
        MQTTCounters.increment(counters.received)
        var message: MQTTMessage?
        state.withLock { state in
            for (id, route) in state.routes
            where route.matchFilters.contains(where: { Self.matches(filter: $0, topic: topic) }) {
                let built = message ?? makeMessage()
                message = built
                if let last = state.queued.indices.last, state.queued[last].routeID == id {
                    state.queued[last].messages.append(built)
                } else {
                    state.queued.append(
                        Queued(routeID: id, sink: route.sink, dropped: route.dropped, messages: [built]))
                }
            }
            guard message == nil else { return }
            guard holdCapacity > 0 else {
                MQTTCounters.increment(counters.unrouted)
                return
            }
            if state.held.count >= holdCapacity {
                state.held.removeFirst()
                MQTTCounters.increment(counters.unrouted)
            }
            state.held.append(HeldMessage(topic: Array(String(cString: topic).utf8CString), message: makeMessage()))
        }
    }

    /// Hands the queued messages to their subscriptions in arrival order: called by the loop thread
    /// after each read burst, so a consumer is woken once per burst and takes the burst in one call.
    /// Returns how many messages it handed over (dropped ones included).
    @discardableResult
    func flush() -> Int {
        let queued = state.withLock { state -> [Queued] in
            guard !state.queued.isEmpty else { return [] }
            defer { state.queued.removeAll(keepingCapacity: true) }
            return state.queued
        }
        var count = 0
        for run in queued {
            count += run.messages.count
            countDropped(run.sink.take(run.messages), run.dropped)
        }
        return count
    }

    private func deliver(_ message: MQTTMessage, to route: Route) {
        countDropped(route.sink.take([message]), route.dropped)
    }

    private func countDropped(_ count: Int, _ subscription: SubscriptionCounter) {
        guard count > 0 else { return }
        counters.dropped.add(count, ordering: .relaxed)
        subscription.add(count)
    }

    private static func matches(filter: [CChar], topic: UnsafePointer<CChar>) -> Bool {
        var result = false
        let rc = filter.withUnsafeBufferPointer { mosquitto_topic_matches_sub($0.baseAddress, topic, &result) }
        return rc == 0 && result
    }

    /// `$share/<group>/<filter>` delivers messages published on `<filter>`.
    static func matchForm(of filter: String) -> String {
        guard filter.hasPrefix("$share/") else { return filter }
        let parts = filter.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        return parts.count == 3 ? String(parts[2]) : filter
    }
}
