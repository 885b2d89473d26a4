import Foundation
import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func openAlert(_ alert: Alert, enqueue: [WebhookMessage]) async throws(StoreError)
        -> (alert: Alert, isNew: Bool)
    {
        // The partial unique index decides between two instances raising the same alert at once; the
        // winner's page is committed with it.
        let isNew = try await transaction("open alert \(alert.kind.rawValue) \(alert.subject)") { connection, logger in
            let inserted = try await connection.rows(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO alerts (id, kind, subject, message, state, opened_at, acknowledged_at,
                            acknowledged_by, resolved_at, resolved_by)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                        ON CONFLICT (kind, subject) WHERE state <> 'resolved' DO NOTHING
                        RETURNING id
                        """, binds: WebhookSQL.binds(alert.columnValues)), logger: logger)
            guard !inserted.isEmpty else { return false }
            try await Self.insert(enqueue, on: connection, logger: logger)
            return true
        }
        if isNew { return (alert, true) }
        let existing = try await query(
            "fetch open alert \(alert.kind.rawValue) \(alert.subject)",
            """
            SELECT * FROM alerts WHERE kind = \(alert.kind.rawValue) AND subject = \(alert.subject) AND state <> 'resolved'
            """)
        guard let row = existing.first else {
            // Resolved between the insert and the read: the next raise opens a fresh one.
            throw StoreError(.staleVersion, operation: "open alert \(alert.kind.rawValue) \(alert.subject)")
        }
        return (try Alert(row: row), false)
    }

    package func alert(id: String) async throws(StoreError) -> Alert? {
        try await query("fetch alert \(id)", "SELECT * FROM alerts WHERE id = \(id)")
            .first.map { row throws(StoreError) in try Alert(row: row) }
    }

    package func alerts(includeResolved: Bool, limit: Int) async throws(StoreError) -> [Alert] {
        let rows =
            includeResolved
            ? try await query("list alerts", "SELECT * FROM alerts ORDER BY opened_at DESC, id LIMIT \(limit)")
            : try await query(
                "list alerts",
                "SELECT * FROM alerts WHERE state <> 'resolved' ORDER BY opened_at DESC, id LIMIT \(limit)")
        return try rows.map { row throws(StoreError) in try Alert(row: row) }
    }

    package func updateAlert(_ alert: Alert, from: Set<AlertState>) async throws(StoreError) -> Bool {
        let sources = from.map(\.rawValue).sorted()
        let rows = try await query(
            "update alert \(alert.id)",
            """
            UPDATE alerts SET state = \(alert.state.rawValue), acknowledged_at = \(alert.acknowledgedAt?.timeIntervalSince1970),
                acknowledged_by = \(alert.acknowledgedBy), resolved_at = \(alert.resolvedAt?.timeIntervalSince1970),
                resolved_by = \(alert.resolvedBy)
            WHERE id = \(alert.id) AND state = ANY(\(sources)) RETURNING id
            """)
        return !rows.isEmpty
    }

    package func unresolvedAlertCount() async throws(StoreError) -> Int {
        let rows = try await query("count alerts", "SELECT COUNT(*) AS n FROM alerts WHERE state <> 'resolved'")
        return Int(try rows.first?.integer("n") ?? 0)
    }
}
