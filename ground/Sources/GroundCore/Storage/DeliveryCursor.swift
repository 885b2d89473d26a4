import Foundation

/// A position in the (createdAt, id) ordering of deliveries, so pages stay stable while rows are added.
package struct DeliveryCursor: Sendable, Hashable, Codable {
    package var createdAt: Date
    package var id: String

    package init(createdAt: Date, id: String) {
        self.createdAt = createdAt
        self.id = id
    }
}
