import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func openAlert(_ alert: Alert, enqueue: [WebhookMessage]) async throws(StoreError)
        -> (alert: Alert, isNew: Bool)
    {
        try await write("open alert \(alert.kind.rawValue) \(alert.subject)") { db in
            if let existing = try Row.fetchOne(
                db, sql: "SELECT * FROM alerts WHERE kind = ? AND subject = ? AND state <> 'resolved'",
                arguments: [alert.kind.rawValue, alert.subject])
            {
                return (try Alert(row: existing), false)
            }
            try db.execute(
                sql: """
                    INSERT INTO alerts (id, kind, subject, message, state, opened_at, acknowledged_at,
                        acknowledged_by, resolved_at, resolved_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: StatementArguments(alert.columnValues.map(\.databaseValue)))
            try Self.insert(enqueue, in: db)
            return (alert, true)
        }
    }

    package func alert(id: String) async throws(StoreError) -> Alert? {
        try await read("fetch alert \(id)") { db in
            try Self.fetchOne(db, sql: "SELECT * FROM alerts WHERE id = ?", arguments: [id]) { row in
                try Alert(row: row)
            }
        }
    }

    package func alerts(includeResolved: Bool, limit: Int) async throws(StoreError) -> [Alert] {
        try await read("list alerts") { db in
            try Self.fetchAll(
                db,
                sql: includeResolved
                    ? "SELECT * FROM alerts ORDER BY opened_at DESC, id LIMIT ?"
                    : "SELECT * FROM alerts WHERE state <> 'resolved' ORDER BY opened_at DESC, id LIMIT ?",
                arguments: [limit]
            ) { row in try Alert(row: row) }
        }
    }

    package func updateAlert(_ alert: Alert, from: Set<AlertState>) async throws(StoreError) -> Bool {
        let sources = from.map(\.rawValue).sorted()
        let values: [StoreValue] =
            [
                .text(alert.state.rawValue), .double(alert.acknowledgedAt?.timeIntervalSince1970),
                .text(alert.acknowledgedBy), .double(alert.resolvedAt?.timeIntervalSince1970), .text(alert.resolvedBy),
                .text(alert.id),
            ] + sources.map { .text($0) }
        return try await write("update alert \(alert.id)") { db in
            try db.execute(
                sql: """
                    UPDATE alerts SET state = ?, acknowledged_at = ?, acknowledged_by = ?, resolved_at = ?,
                        resolved_by = ?
                    WHERE id = ? AND state IN (\(sources.map { _ in "?" }.joined(separator: ", ")))
                    """,
                arguments: StatementArguments(values.map(\.databaseValue)))
            return db.changesCount > 0
        }
    }

    package func unresolvedAlertCount() async throws(StoreError) -> Int {
        try await read("count alerts") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alerts WHERE state <> 'resolved'") ?? 0
        }
    }
}
