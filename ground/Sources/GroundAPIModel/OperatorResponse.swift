import Foundation
import GroundCore

/// An operator account as the API shows it (never its key).
package struct OperatorResponse: Codable, Sendable, Hashable {
    package var id: String
    package var name: String
    package var role: OperatorRole
    package var createdAt: Date
    package var keyRotatedAt: Date?

    package init(_ account: OperatorAccount) {
        id = account.id
        name = account.name
        role = account.role
        createdAt = account.createdAt
        keyRotatedAt = account.keyRotatedAt
    }
}
