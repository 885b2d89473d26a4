import Foundation

/// A key resolved to its principal, with the end of its validity when it is a business's superseded key.
package struct Authentication: Sendable, Hashable {
    package var principal: Principal
    /// Set for a business key replaced by a rotation and still in its grace period.
    package var expiresAt: Date?

    package init(principal: Principal, expiresAt: Date? = nil) {
        self.principal = principal
        self.expiresAt = expiresAt
    }
}
