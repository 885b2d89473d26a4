import Foundation
import GroundCore
import Logging
import PostgresNIO

extension PostgresGroundStore {
    package func insertWebhook(_ endpoint: WebhookEndpoint) async throws(StoreError) {
        try await query(
            "insert webhook \(endpoint.id)",
            PostgresQuery(
                unsafeSQL: WebhookSQL.numbered(WebhookSQL.insertEndpoint),
                binds: WebhookSQL.binds(endpoint.columnValues)
            ))
    }

    package func webhook(id: String) async throws(StoreError) -> WebhookEndpoint? {
        try await query("fetch webhook \(id)", "SELECT * FROM webhooks WHERE id = \(id)")
            .first.map { row throws(StoreError) in try WebhookEndpoint(row: row) }
    }

    package func webhooks(businessID: String?) async throws(StoreError) -> [WebhookEndpoint] {
        let rows =
            if let businessID {
                try await query(
                    "list webhooks of \(businessID)",
                    "SELECT * FROM webhooks WHERE business_id = \(businessID) ORDER BY id")
            } else {
                try await query("list webhooks", "SELECT * FROM webhooks ORDER BY id")
            }
        return try rows.map { row throws(StoreError) in try WebhookEndpoint(row: row) }
    }

    package func deleteWebhook(id: String) async throws(StoreError) -> Bool {
        try await transaction("delete webhook \(id)") { connection, logger in
            try await connection.rows(
                "UPDATE webhook_outbox SET state = 'dropped' WHERE endpoint_id = \(id) AND state = 'pending'",
                logger: logger)
            return !(try await connection.rows("DELETE FROM webhooks WHERE id = \(id) RETURNING id", logger: logger))
                .isEmpty
        }
    }

    package func enqueueWebhookMessages(_ messages: [WebhookMessage]) async throws(StoreError) {
        try await transaction("enqueue \(messages.count) webhook messages") { connection, logger in
            try await Self.insert(messages, on: connection, logger: logger)
        }
    }

    /// Appends outbox rows inside the caller's transaction (a delivery change, an opened alert).
    static func insert(_ messages: [WebhookMessage], on connection: PostgresConnection, logger: Logger) async throws {
        let sql = WebhookSQL.numbered(WebhookSQL.insertMessage)
        for message in messages {
            try await connection.rows(
                PostgresQuery(unsafeSQL: sql, binds: WebhookSQL.binds(message.columnValues)), logger: logger)
        }
    }

    package func claimDueWebhookMessages(now: Date, claimant: String, lease: TimeInterval, limit: Int)
        async throws(StoreError) -> [WebhookMessage]
    {
        let time = now.timeIntervalSince1970
        let select = WebhookSQL.numbered(WebhookSQL.dueMessages + " FOR UPDATE SKIP LOCKED")
        return try await transaction("claim webhook messages") { connection, logger in
            let due = try await connection.rows(
                PostgresQuery(
                    unsafeSQL: select,
                    binds: WebhookSQL.binds([.double(time), .double(time), .integer(Int64(limit))])),
                logger: logger
            )
            .map { row throws(StoreError) in try WebhookMessage(row: row) }
            let ids = due.map(\.id)
            if !ids.isEmpty {
                try await connection.rows(
                    """
                    UPDATE webhook_outbox SET claimed_by = \(claimant), claimed_until = \(time + lease)
                    WHERE id = ANY(\(ids))
                    """, logger: logger)
            }
            return due
        }
    }

    package func recordWebhookAttempt(_ attempt: WebhookAttempt, message: WebhookMessage) async throws(StoreError)
        -> Int
    {
        let insert = WebhookSQL.numbered(WebhookSQL.insertAttempt)
        let finish = WebhookSQL.numbered(WebhookSQL.finishAttempt)
        return try await transaction("record webhook attempt \(message.id)") { connection, logger in
            try await connection.rows(
                PostgresQuery(unsafeSQL: insert, binds: WebhookSQL.binds(attempt.columnValues)), logger: logger)
            try await connection.rows(
                PostgresQuery(
                    unsafeSQL: finish,
                    binds: WebhookSQL.binds([
                        .text(message.state.rawValue), .integer(Int64(message.attempts)),
                        .double(message.nextAttemptAt.timeIntervalSince1970), .integer(message.id),
                    ])), logger: logger)
            let rows =
                attempt.succeeded
                ? try await connection.rows(
                    """
                    UPDATE webhooks SET consecutive_failures = 0 WHERE id = \(attempt.endpointID)
                    RETURNING consecutive_failures
                    """, logger: logger)
                : try await connection.rows(
                    """
                    UPDATE webhooks SET consecutive_failures = consecutive_failures + 1 WHERE id = \(attempt.endpointID)
                    RETURNING consecutive_failures
                    """, logger: logger)
            return Int(try rows.first?.integer("consecutive_failures") ?? 0)
        }
    }

    package func webhookAttempts(endpointID: String, limit: Int) async throws(StoreError) -> [WebhookAttempt] {
        try await query(
            "list webhook attempts \(endpointID)",
            "SELECT * FROM webhook_attempts WHERE endpoint_id = \(endpointID) ORDER BY id DESC LIMIT \(limit)"
        )
        .map { row throws(StoreError) in try WebhookAttempt(row: row) }
    }

    package func webhookBacklog() async throws(StoreError) -> Int {
        let rows = try await query(
            "count webhook backlog", "SELECT COUNT(*) AS n FROM webhook_outbox WHERE state = 'pending'")
        return Int(try rows.first?.integer("n") ?? 0)
    }

    package func nextWebhookDue() async throws(StoreError) -> Date? {
        let rows = try await query(
            "next webhook due", "SELECT MIN(next_attempt_at) AS due FROM webhook_outbox WHERE state = 'pending'")
        return try rows.first?.optionalDouble("due").map(Date.init(timeIntervalSince1970:))
    }
}
