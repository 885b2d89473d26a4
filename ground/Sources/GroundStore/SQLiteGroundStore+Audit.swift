import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func appendAudit(_ entry: AuditEntry) async throws(StoreError) -> AuditEntry {
        try await write("append audit \(entry.action) \(entry.subject)") { db in
            try db.execute(
                sql: "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
                arguments: [entry.at.timeIntervalSince1970, entry.actor, entry.action, entry.subject, entry.detail])
            var stored = entry
            stored.seq = db.lastInsertedRowID
            return stored
        }
    }

    package func auditEntries(before: Int64?, limit: Int) async throws(StoreError) -> [AuditEntry] {
        try await read("list audit") { db in
            try Self.fetchAll(
                db, sql: "SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?",
                arguments: [before ?? Int64.max, limit]
            ) { row in try AuditEntry(row: row) }
        }
    }
}
