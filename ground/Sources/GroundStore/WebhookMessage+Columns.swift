import GroundCore
import PostgresNIO

extension WebhookEndpoint {
    /// The `webhooks` columns in insert order.
    var columnValues: [StoreValue] {
        [
            .text(id), .text(businessID), .text(url), .text(WebhookEvent.column(events)),
            .double(etaThresholdMinutes), .text(secret), .double(createdAt.timeIntervalSince1970),
            .integer(Int64(consecutiveFailures)),
        ]
    }
}

extension WebhookMessage {
    /// The `webhook_outbox` columns in insert order (the id is assigned by the database).
    var columnValues: [StoreValue] {
        [
            .text(endpointID), .text(deliveryID), .text(event.rawValue), .text(idempotencyKey), .text(body),
            .double(createdAt.timeIntervalSince1970), .double(nextAttemptAt.timeIntervalSince1970),
            .integer(Int64(attempts)), .text(state.rawValue),
        ]
    }
}

extension WebhookAttempt {
    /// The `webhook_attempts` columns in insert order (the id is assigned by the database).
    var columnValues: [StoreValue] {
        [
            .integer(messageID), .text(endpointID), .text(deliveryID), .text(event.rawValue),
            .double(at.timeIntervalSince1970), .integer(statusCode.map(Int64.init)), .text(error),
            .integer(Int64(durationMs)),
        ]
    }
}

/// The statements both stores share for the webhook tables (parameters as `?`; the PostgreSQL store
/// numbers them).
enum WebhookSQL {
    static let insertEndpoint = """
        INSERT INTO webhooks (id, business_id, url, events, eta_threshold_minutes, secret, created_at,
            consecutive_failures)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let insertMessage = """
        INSERT INTO webhook_outbox (endpoint_id, delivery_id, event, idempotency_key, body, created_at,
            next_attempt_at, attempts, state)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let insertAttempt = """
        INSERT INTO webhook_attempts (message_id, endpoint_id, delivery_id, event, at, status_code, error,
            duration_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    /// Pending, due, not under a live claim, and the oldest pending message of its endpoint and delivery
    /// (so one delivery's events never overtake each other). Parameters: now, now, limit.
    static let dueMessages = """
        SELECT * FROM webhook_outbox m
        WHERE m.state = 'pending' AND m.next_attempt_at <= ? AND (m.claimed_until IS NULL OR m.claimed_until < ?)
          AND NOT EXISTS (
            SELECT 1 FROM webhook_outbox o
            WHERE o.endpoint_id = m.endpoint_id AND o.delivery_id = m.delivery_id AND o.state = 'pending'
              AND o.id < m.id)
        ORDER BY m.id LIMIT ?
        """
    /// Parameters: state, attempts, next_attempt_at, id.
    static let finishAttempt = """
        UPDATE webhook_outbox SET state = ?, attempts = ?, next_attempt_at = ?, claimed_by = NULL,
            claimed_until = NULL
        WHERE id = ?
        """

    /// `sql` with its `?` parameters numbered `$1`, `$2`... for PostgreSQL (the statements here hold no
    /// other question mark).
    static func numbered(_ sql: String) -> String {
        var result = ""
        var index = 0
        for character in sql {
            if character == "?" {
                index += 1
                result += "$\(index)"
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The bindings of `values` in order.
    static func binds(_ values: [StoreValue]) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }
}
