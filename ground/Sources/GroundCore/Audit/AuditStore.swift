/// Persistence of the audit log. There is deliberately no update or delete: both stores also refuse
/// them in the database (triggers), so not even a hand-written statement rewrites history.
package protocol AuditStore: Sendable {
    /// Appends `entry` and returns it with its sequence number.
    func appendAudit(_ entry: AuditEntry) async throws(StoreError) -> AuditEntry
    /// Up to `limit` entries with a sequence number below `before` (nil: from the newest), newest first.
    func auditEntries(before: Int64?, limit: Int) async throws(StoreError) -> [AuditEntry]
}
