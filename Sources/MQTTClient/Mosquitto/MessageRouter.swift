import CMosquitto
import Synchronization

/// Routes each incoming message to the subscriptions whose filters match its topic.
///
/// Runs on libmosquitto's loop thread for every message, so it matches against the C topic
/// string directly and builds the Swift message only once, and only if someone wants it.
final class MessageRouter: Sendable {
    private struct Route {
        /// Filters as C strings, with any `$share/<group>/` prefix removed for matching.
        var matchFilters: [[CChar]]
        var continuation: AsyncStream<MQTTMessage>.Continuation
        var dropped: SubscriptionCounter
    }

    private let routes = Mutex<[UInt64: Route]>([:])
    private let counters: MQTTCounters

    init(counters: MQTTCounters) {
        self.counters = counters
    }

    func add(id: UInt64, filters: [String], continuation: AsyncStream<MQTTMessage>.Continuation, dropped: SubscriptionCounter) {
        let route = Route(matchFilters: filters.map { Array(Self.matchForm(of: $0).utf8CString) }, continuation: continuation, dropped: dropped)
        routes.withLock { $0[id] = route }
    }

    /// Removes a route and ends its stream. Safe to call twice.
    func remove(id: UInt64) {
        let route = routes.withLock { $0.removeValue(forKey: id) }
        route?.continuation.finish()
    }

    func contains(id: UInt64) -> Bool {
        routes.withLock { $0[id] != nil }
    }

    /// Ends every stream (client shutdown).
    func removeAll() {
        let all = routes.withLock { routes in
            defer { routes.removeAll() }
            return Array(routes.values)
        }
        for route in all { route.continuation.finish() }
    }

    /// Delivers to every matching subscription; counts received, dropped and unrouted messages.
    func route(topic: UnsafePointer<CChar>, makeMessage: () -> MQTTMessage) {
        MQTTCounters.increment(counters.received)
        var message: MQTTMessage?
        var delivered = false
        routes.withLock { routes in
            for route in routes.values where route.matchFilters.contains(where: { Self.matches(filter: $0, topic: topic) }) {
                let built = message ?? makeMessage()
                message = built
                delivered = true
                if case .dropped = route.continuation.yield(built) {
                    MQTTCounters.increment(counters.dropped)
                    route.dropped.increment()
                }
            }
        }
        if !delivered { MQTTCounters.increment(counters.unrouted) }
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
