import Foundation

/// A named operator with its own key (only the key's SHA-256 is kept) and a role.
package struct OperatorAccount: Codable, Sendable, Hashable, Identifiable {
    package var id: String
    package var name: String
    package var role: OperatorRole
    package var keyHash: String
    package var createdAt: Date
    /// When the key was last replaced; nil while the first key is in use.
    package var keyRotatedAt: Date?

    package init(
        id: String, name: String, role: OperatorRole, keyHash: String, createdAt: Date, keyRotatedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.keyHash = keyHash
        self.createdAt = createdAt
        self.keyRotatedAt = keyRotatedAt
    }

    /// The account of the `--operator-key` bootstrap key: a dispatcher that exists in no table, so
    /// deployments from before named operators keep working and can create the first accounts.
    package static let bootstrapID = "op_bootstrap"
}
