import GroundCore

/// Who made an authenticated request.
package enum Principal: Sendable, Hashable {
    /// A tenant: sees and books only its own deliveries.
    case business(Business)
    /// A fleet operator (a named account, or the bootstrap key's account): fleet, overrides, analytics
    /// and every delivery, as far as its role allows.
    case `operator`(OperatorAccount)

    /// The tenant id to filter by, nil for operators (who see all).
    package var tenantID: String? {
        if case let .business(b) = self { return b.id }
        return nil
    }

    /// The name the audit log records: the operator account id, or `business:<id>`.
    package var auditActor: String {
        switch self {
        case let .business(business): "business:\(business.id)"
        case let .operator(account): account.id
        }
    }
}
