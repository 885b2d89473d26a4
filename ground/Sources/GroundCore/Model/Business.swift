import Foundation

/// A tenant: every delivery belongs to exactly one business, which only ever sees its own.
public struct Business: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// SHA-256 of the API key (hex); the key itself is shown once at registration and never stored.
    public var apiKeyHash: String
    public var createdAt: Date

    public init(id: String, name: String, apiKeyHash: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.apiKeyHash = apiKeyHash
        self.createdAt = createdAt
    }
}
