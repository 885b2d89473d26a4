import GroundCore

/// `GET /v1/audit`: entries newest first; `nextBefore` pages further back.
package struct AuditListResponse: Codable, Sendable, Hashable {
    package var entries: [AuditEntry]
    package var nextBefore: Int64?

    package init(entries: [AuditEntry], nextBefore: Int64?) {
        self.entries = entries
        self.nextBefore = nextBefore
    }
}
