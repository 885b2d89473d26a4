import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func insertWebhook(_ endpoint: WebhookEndpoint) async throws(StoreError) {
        try await write("insert webhook \(endpoint.id)") { db in
            try db.execute(
                sql: WebhookSQL.insertEndpoint,
                arguments: StatementArguments(endpoint.columnValues.map(\.databaseValue)))
        }
    }

    package func webhook(id: String) async throws(StoreError) -> WebhookEndpoint? {
        try await read("fetch webhook \(id)") { db in
            try Self.fetchOne(db, sql: "SELECT * FROM webhooks WHERE id = ?", arguments: [id]) { row in
                try WebhookEndpoint(row: row)
            }
        }
    }

    package func webhooks(businessID: String?) async throws(StoreError) -> [WebhookEndpoint] {
        try await read("list webhooks") { db in
            if let businessID {
                return try Self.fetchAll(
                    db, sql: "SELECT * FROM webhooks WHERE business_id = ? ORDER BY id", arguments: [businessID]
                ) { row in try WebhookEndpoint(row: row) }
            }
            return try Self.fetchAll(db, sql: "SELECT * FROM webhooks ORDER BY id") { row in
                try WebhookEndpoint(row: row)
            }
        }
    }

    package func deleteWebhook(id: String) async throws(StoreError) -> Bool {
        try await write("delete webhook \(id)") { db in
            try db.execute(
                sql: "UPDATE webhook_outbox SET state = 'dropped' WHERE endpoint_id = ? AND state = 'pending'",
                arguments: [id])
            try db.execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    package func enqueueWebhookMessages(_ messages: [WebhookMessage]) async throws(StoreError) {
        try await write("enqueue \(messages.count) webhook messages") { db in try Self.insert(messages, in: db) }
    }

    /// Appends outbox rows inside the caller's transaction (a delivery change, an opened alert).
    static func insert(_ messages: [WebhookMessage], in db: Database) throws {
        for message in messages {
            try db.execute(
                sql: WebhookSQL.insertMessage, arguments: StatementArguments(message.columnValues.map(\.databaseValue)))
        }
    }

    package func claimDueWebhookMessages(now: Date, claimant: String, lease: TimeInterval, limit: Int)
        async throws(StoreError) -> [WebhookMessage]
    {
        let time = now.timeIntervalSince1970
        return try await write("claim webhook messages") { db in
            let due = try Self.fetchAll(db, sql: WebhookSQL.dueMessages, arguments: [time, time, limit]) { row in
                try WebhookMessage(row: row)
            }
            for message in due {
                try db.execute(
                    sql: "UPDATE webhook_outbox SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                    arguments: [claimant, time + lease, message.id])
            }
            return due
        }
    }

    package func recordWebhookAttempt(_ attempt: WebhookAttempt, message: WebhookMessage) async throws(StoreError)
        -> Int
    {
        try await write("record webhook attempt \(message.id)") { db in
            try db.execute(
                sql: WebhookSQL.insertAttempt, arguments: StatementArguments(attempt.columnValues.map(\.databaseValue)))
            try db.execute(
                sql: WebhookSQL.finishAttempt,
                arguments: [
                    message.state.rawValue, message.attempts, message.nextAttemptAt.timeIntervalSince1970, message.id,
                ])
            try db.execute(
                sql: attempt.succeeded
                    ? "UPDATE webhooks SET consecutive_failures = 0 WHERE id = ?"
                    : "UPDATE webhooks SET consecutive_failures = consecutive_failures + 1 WHERE id = ?",
                arguments: [attempt.endpointID])
            return try Int.fetchOne(
                db, sql: "SELECT consecutive_failures FROM webhooks WHERE id = ?", arguments: [attempt.endpointID]) ?? 0
        }
    }

    package func webhookAttempts(endpointID: String, limit: Int) async throws(StoreError) -> [WebhookAttempt] {
        try await read("list webhook attempts \(endpointID)") { db in
            try Self.fetchAll(
                db, sql: "SELECT * FROM webhook_attempts WHERE endpoint_id = ? ORDER BY id DESC LIMIT ?",
                arguments: [endpointID, limit]
            ) { row in try WebhookAttempt(row: row) }
        }
    }

    package func webhookBacklog() async throws(StoreError) -> Int {
        try await read("count webhook backlog") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_outbox WHERE state = 'pending'") ?? 0
        }
    }

    package func nextWebhookDue() async throws(StoreError) -> Date? {
        try await read("next webhook due") { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM webhook_outbox WHERE state = 'pending'")
                .map(Date.init(timeIntervalSince1970:))
        }
    }
}
