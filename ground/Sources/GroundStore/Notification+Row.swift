import Foundation
import GroundCore

extension OperatorAccount {
    /// Builds an account from an `operators` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        let id = try row.text("id")
        let roleText = try row.text("role")
        guard let role = OperatorRole(rawValue: roleText) else {
            throw StoreError(.corruptRow, operation: "decode operator \(id): unknown role '\(roleText)'")
        }
        self.init(
            id: id, name: try row.text("name"), role: role, keyHash: try row.text("key_hash"),
            createdAt: Date(timeIntervalSince1970: try row.double("created_at")),
            keyRotatedAt: try row.optionalDouble("key_rotated_at").map(Date.init(timeIntervalSince1970:)))
    }
}

extension AuditEntry {
    /// Builds an entry from an `audit_log` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        self.init(
            seq: try row.integer("seq"), at: Date(timeIntervalSince1970: try row.double("at")),
            actor: try row.text("actor"), action: try row.text("action"), subject: try row.text("subject"),
            detail: try row.optionalText("detail"))
    }
}

extension Alert {
    /// Builds an alert from an `alerts` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        let id = try row.text("id")
        let stateText = try row.text("state")
        guard let state = AlertState(rawValue: stateText) else {
            throw StoreError(.corruptRow, operation: "decode alert \(id): unknown state '\(stateText)'")
        }
        self.init(
            id: id, kind: AlertKind(rawValue: try row.text("kind")), subject: try row.text("subject"),
            message: try row.text("message"), state: state,
            openedAt: Date(timeIntervalSince1970: try row.double("opened_at")),
            acknowledgedAt: try row.optionalDouble("acknowledged_at").map(Date.init(timeIntervalSince1970:)),
            acknowledgedBy: try row.optionalText("acknowledged_by"),
            resolvedAt: try row.optionalDouble("resolved_at").map(Date.init(timeIntervalSince1970:)),
            resolvedBy: try row.optionalText("resolved_by"))
    }
}

extension WebhookEvent {
    /// The `events` column: raw values, comma-separated, in declaration order.
    static func column(_ events: Set<WebhookEvent>) -> String {
        allCases.filter(events.contains).map(\.rawValue).joined(separator: ",")
    }

    static func decode(_ text: String, column: String) throws(StoreError) -> WebhookEvent {
        guard let event = WebhookEvent(rawValue: text) else {
            throw StoreError(.corruptRow, operation: "decode column \(column): unknown webhook event '\(text)'")
        }
        return event
    }
}

extension WebhookEndpoint {
    /// Builds an endpoint from a `webhooks` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        var events: Set<WebhookEvent> = []
        for name in try row.text("events").split(separator: ",") {
            events.insert(try WebhookEvent.decode(String(name), column: "events"))
        }
        self.init(
            id: try row.text("id"), businessID: try row.text("business_id"), url: try row.text("url"),
            events: events, etaThresholdMinutes: try row.double("eta_threshold_minutes"),
            secret: try row.text("secret"), createdAt: Date(timeIntervalSince1970: try row.double("created_at")),
            consecutiveFailures: Int(try row.integer("consecutive_failures")))
    }
}

extension WebhookMessage {
    /// Builds a message from a `webhook_outbox` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        let id = try row.integer("id")
        let stateText = try row.text("state")
        guard let state = State(rawValue: stateText) else {
            throw StoreError(.corruptRow, operation: "decode webhook message \(id): unknown state '\(stateText)'")
        }
        self.init(
            id: id, endpointID: try row.text("endpoint_id"), deliveryID: try row.text("delivery_id"),
            event: try WebhookEvent.decode(try row.text("event"), column: "event"),
            idempotencyKey: try row.text("idempotency_key"), body: try row.text("body"),
            createdAt: Date(timeIntervalSince1970: try row.double("created_at")),
            nextAttemptAt: Date(timeIntervalSince1970: try row.double("next_attempt_at")),
            attempts: Int(try row.integer("attempts")), state: state)
    }
}

extension WebhookAttempt {
    /// Builds an attempt from a `webhook_attempts` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        self.init(
            messageID: try row.integer("message_id"), endpointID: try row.text("endpoint_id"),
            deliveryID: try row.text("delivery_id"),
            event: try WebhookEvent.decode(try row.text("event"), column: "event"),
            at: Date(timeIntervalSince1970: try row.double("at")),
            statusCode: try row.optionalInteger("status_code").map(Int.init), error: try row.optionalText("error"),
            durationMs: Int(try row.integer("duration_ms")))
    }
}
