import Foundation

/// The audit log's front: every override, recall, land, zone change, webhook change, operator change
/// and key rotation is recorded through ``record(actor:action:subject:detail:)``.
///
/// Recording is part of the action: a failure is thrown to the caller (the route answers 500 and the
/// log line names what was not recorded) rather than dropped.
package struct AuditLog: Sendable {
    let store: any AuditStore
    let now: @Sendable () -> Date

    package init(store: any AuditStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Appends one entry; `actor` is the operator account id (or `business:<id>`).
    @discardableResult
    package func record(actor: String, action: String, subject: String, detail: String? = nil)
        async throws(StoreError) -> AuditEntry
    {
        try await store.appendAudit(
            AuditEntry(at: now(), actor: actor, action: action, subject: subject, detail: detail))
    }

    /// Newest first, paged by sequence number.
    package func entries(before: Int64? = nil, limit: Int = 100) async throws(StoreError) -> [AuditEntry] {
        try await store.auditEntries(before: before, limit: limit)
    }
}
