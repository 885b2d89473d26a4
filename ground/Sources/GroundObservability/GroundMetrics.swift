import Prometheus

/// The service's Prometheus registry and the counters the API and the ingest update.
///
/// Owned per instance rather than bootstrapped into the global MetricsSystem, so several ground
/// instances (tests run many in one process) do not share or fight over one registry.
package struct GroundMetrics: Sendable {
    package let registry: PrometheusCollectorRegistry

    package init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// One HTTP request answered, labelled by method, route template and status code.
    package func recordRequest(method: String, route: String, status: Int) {
        registry.makeCounter(
            descriptor: .init(namespace: "skyrelay", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered"),
            labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
    }

    /// One request refused with 429, by principal kind (business, operator, anonymous).
    package func recordRateLimited(principal: String) {
        registry.makeCounter(descriptor: .init(namespace: "skyrelay", metricName: "http_rate_limited", unitName: "total", helpText: "Requests refused by the rate limit"), labels: [("principal", principal)]).increment()
    }

    /// Messages taken in from the fleet, by kind (telemetry, state, event, reply).
    package func recordIngest(kind: String, count: Int = 1) {
        registry.makeCounter(descriptor: .init(namespace: "skyrelay", metricName: "ingest_messages", unitName: "total", helpText: "Fleet messages ingested"), labels: [("kind", kind)]).increment(by: Int64(count))
    }

    /// Payloads refused (malformed JSON, unknown version, bad field), by kind and reason.
    package func recordBadPayload(kind: String, reason: String) {
        registry.makeCounter(descriptor: .init(namespace: "skyrelay", metricName: "bad_payloads", unitName: "total", helpText: "Fleet payloads refused"), labels: [("kind", kind), ("reason", reason)]).increment()
    }

    /// Ground-internal relay messages between instances of a share group, by kind (live, tracking)
    /// and outcome (sent, applied, own, dropped, failed).
    package func recordRelay(kind: String, outcome: String, count: Int = 1) {
        registry.makeCounter(descriptor: .init(namespace: "skyrelay", metricName: "relay_messages", unitName: "total", helpText: "Ground-internal relay messages between instances"), labels: [("kind", kind), ("outcome", outcome)]).increment(by: Int64(count))
    }

    /// Deliveries created, by outcome (scheduled, queued, invalid).
    package func recordDeliveryRequest(outcome: String) {
        registry.makeCounter(descriptor: .init(namespace: "skyrelay", metricName: "delivery_requests", unitName: "total", helpText: "Delivery requests by outcome"), labels: [("outcome", outcome)]).increment()
    }

    /// Prometheus text exposition of everything recorded.
    package func exposition() -> String { registry.emitToString() }
}
