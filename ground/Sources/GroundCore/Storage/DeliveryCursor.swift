import Foundation

/// A position in the (createdAt, id) ordering of deliveries, so pages stay stable while rows are added.
public struct DeliveryCursor: Sendable, Hashable, Codable {
    public var createdAt: Date
    public var id: String

    public init(createdAt: Date, id: String) {
        self.createdAt = createdAt
        self.id = id
    }
}
