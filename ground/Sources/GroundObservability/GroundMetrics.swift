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
            descriptor: .init(
                namespace: "skyrelay", metricName: "http_requests", unitName: "total",
                helpText: "HTTP requests answered"),
            labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
    }

    /// One request refused with 429, by principal kind (business, operator, anonymous).
    package func recordRateLimited(principal: String) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "skyrelay", metricName: "http_rate_limited", unitName: "total",
                helpText: "Requests refused by the rate limit"), labels: [("principal", principal)]
        ).increment()
    }

    /// Messages taken in from the fleet, by kind (telemetry, state, event, reply).
    package func recordIngest(kind: String, count: Int = 1) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "skyrelay", metricName: "ingest_messages", unitName: "total",
                helpText: "Fleet messages ingested"), labels: [("kind", kind)]
        ).increment(by: Int64(count))
    }

    /// Fleet messages dropped because the ingest loop's buffer was full (ground falls behind the broker).
    package func recordIngestDropped(count: Int = 1) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "skyrelay", metricName: "ingest_dropped", unitName: "total",
                helpText: "Fleet messages dropped because the ingest loop's buffer was full")
        ).increment(by: Int64(count))
    }

    /// Fleet messages from a drone id that is not registered (or retired), by topic kind; dropped.
    package func recordUnknownDroneMessage(kind: String) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "skyrelay", metricName: "unknown_drone_messages", unitName: "total",
                helpText: "Fleet messages from unregistered or retired drones, dropped"), labels: [("kind", kind)]
        ).increment()
    }

    /// Payloads refused (malformed JSON, unknown version, bad field), by kind and reason.
    package func recordBadPayload(kind: String, reason: String) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "skyrelay", metricName: "bad_payloads", unitName: "total", helpText: "Fleet payloads refused"
            ), labels: [("kind", kind), ("reason", reason)]
        ).increment()
    }

    /// Ground-internal relay messages between instances of a share group, by kind (live, tracking)
    /// and outcome (sent, applied, own, dropped, failed).
    package func recordRelay(kind: String, outcome: String, count: Int = 1) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "skyrelay", metricName: "relay_messages", unitName: "total",
                helpText: "Ground-internal relay messages between instances"),
            labels: [("kind", kind), ("outcome", outcome)]
        ).increment(by: Int64(count))
    }

    /// Deliveries created, by outcome (scheduled, queued, invalid).
    package func recordDeliveryRequest(outcome: String) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "skyrelay", metricName: "delivery_requests", unitName: "total",
                helpText: "Delivery requests by outcome"), labels: [("outcome", outcome)]
        ).increment()
    }

    /// A delivery change that lost a compare-and-set to another writer, by what became of it:
    /// retried (re-read), reapplied (won on a later attempt), refused (409 to a request), dropped
    /// (drone progress or scheduler decision no longer applicable), exhausted (gave up).
    package func recordTransitionRace(outcome: String) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "skyrelay", metricName: "delivery_transition_races", unitName: "total",
                helpText: "Delivery changes that lost a compare-and-set"), labels: [("outcome", outcome)]
        ).increment()
    }

    /// A drone reported an assignment no delivery row names: `adopted` (its offer's answer was lost in
    /// a ground restart) or `aborted` (ground never gave it or took it back; the drone was told to abort).
    package func recordOrphanAssignment(outcome: String) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "skyrelay", metricName: "orphan_assignments", unitName: "total",
                helpText: "Drone-reported assignments unknown to ground"), labels: [("outcome", outcome)]
        ).increment()
    }

    /// An HTTP connection closed by ground: `per_address_limit` (refused at accept), `header_timeout`.
    package func recordConnectionRefused(reason: String) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "skyrelay", metricName: "http_connections_closed", unitName: "total",
                helpText: "HTTP connections closed by the connection limits"), labels: [("reason", reason)]
        ).increment()
    }

    /// Webhook messages waiting in the outbox (pending: not yet delivered, not expired).
    package func setWebhookBacklog(_ count: Int) {
        registry.makeGauge(
            descriptor: .init(
                namespace: "skyrelay", metricName: "webhook_backlog", unitName: "",
                helpText: "Webhook messages waiting in the outbox")
        ).set(Int64(count))
    }

    /// One webhook delivery attempt by outcome: `delivered` (2xx), `failed` (another status, refused,
    /// timeout; retried), `expired` (failed at the end of the retry period), or `enqueue_failed` (the event
    /// could not be written to the outbox).
    package func recordWebhookAttempt(outcome: String) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "skyrelay", metricName: "webhook_attempts", unitName: "total",
                helpText: "Webhook delivery attempts by outcome"), labels: [("outcome", outcome)]
        ).increment()
    }

    /// Alerts not resolved (open or acknowledged).
    package func setOpenAlerts(_ count: Int) {
        registry.makeGauge(
            descriptor: .init(
                namespace: "skyrelay", metricName: "alerts_open", unitName: "", helpText: "Alerts not yet resolved")
        ).set(Int64(count))
    }

    /// Drones that went offline while airborne on an assignment and have not come back.
    package func setDronesOfflineInFlight(_ count: Int) {
        registry.makeGauge(
            descriptor: .init(
                namespace: "skyrelay", metricName: "drones_offline_in_flight", unitName: "",
                helpText: "Drones offline while airborne on an assignment")
        ).set(Int64(count))
    }

    /// Ingest lag: from the moment a telemetry message left the broker's socket into ground until its
    /// batch was applied (registry updated, history stored). Observed once per batch with its oldest
    /// message, so the histogram is of the worst lag in each batch; the batch wait is part of it.
    package func ingestLag() -> DurationRecorder {
        let histogram = registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "skyrelay", metricName: "ingest_lag", unitName: "seconds",
                helpText: "Broker to applied lag of each telemetry batch's oldest message"),
            buckets: [
                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(150), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
                .seconds(10), .seconds(30),
            ])
        return DurationRecorder(histogram: histogram)
    }

    /// Whether this instance leads the scheduler now: 1 or 0 (`skyrelay_leader`).
    package func setLeader(_ leading: Bool) {
        registry.makeGauge(
            descriptor: .init(
                namespace: "skyrelay", metricName: "leader", unitName: "",
                helpText: "1 while this instance is the scheduler leader, else 0")
        ).set(to: leading ? 1.0 : 0.0)
    }

    /// Prometheus text exposition of everything recorded.
    package func exposition() -> String { registry.emitToString() }
}
