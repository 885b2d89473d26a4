import Foundation
import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func appendAudit(_ entry: AuditEntry) async throws(StoreError) -> AuditEntry {
        let rows = try await query(
            "append audit \(entry.action) \(entry.subject)",
            """
            INSERT INTO audit_log (at, actor, action, subject, detail)
            VALUES (\(entry.at.timeIntervalSince1970), \(entry.actor), \(entry.action), \(entry.subject), \(entry.detail))
            RETURNING seq
            """)
        guard let row = rows.first else {
            throw StoreError(.query, operation: "append audit \(entry.action): no sequence number returned")
        }
        var stored = entry
        stored.seq = try row.integer("seq")
        return stored
    }

    package func auditEntries(before: Int64?, limit: Int) async throws(StoreError) -> [AuditEntry] {
        try await query(
            "list audit",
            "SELECT * FROM audit_log WHERE seq < \(before ?? Int64.max) ORDER BY seq DESC LIMIT \(limit)"
        )
        .map { row throws(StoreError) in try AuditEntry(row: row) }
    }
}
