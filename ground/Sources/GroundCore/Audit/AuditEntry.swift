import Foundation

/// One line of the append-only audit log: who did what to which subject, and when.
package struct AuditEntry: Codable, Sendable, Hashable {
    /// Assigned by the store in append order (0 before it is stored).
    package var seq: Int64
    package var at: Date
    /// The operator account id, `op_bootstrap` for the bootstrap key, or `business:<id>`.
    package var actor: String
    /// What was done, dotted (`delivery.override`, `drone.recall`, `webhook.create`, `operator.rotateKey`...).
    package var action: String
    /// The id acted on (delivery, drone, zone, webhook, operator).
    package var subject: String
    /// Free text (reason, parameters); never a secret.
    package var detail: String?

    package init(seq: Int64 = 0, at: Date, actor: String, action: String, subject: String, detail: String? = nil) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
    }
}
