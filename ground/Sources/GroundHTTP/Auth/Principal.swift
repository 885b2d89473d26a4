import GroundCore

/// Who made an authenticated request.
package enum Principal: Sendable, Hashable {
    /// A tenant: sees and books only its own deliveries.
    case business(Business)
    /// Fleet operator: fleet, overrides, analytics and every delivery.
    case `operator`

    /// The tenant id to filter by, nil for operators (who see all).
    package var tenantID: String? {
        if case let .business(b) = self { return b.id }
        return nil
    }
}
