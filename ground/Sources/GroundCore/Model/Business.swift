import Foundation

/// A tenant: every delivery belongs to exactly one business, which only ever sees its own.
package struct Business: Codable, Sendable, Hashable, Identifiable {
    package var id: String
    package var name: String
    /// SHA-256 of the API key (hex); the key itself is shown once at registration and never stored.
    package var apiKeyHash: String
    package var createdAt: Date
    /// The key replaced by the last rotation (its SHA-256), valid until ``previousKeyExpiresAt``.
    package var previousKeyHash: String?
    package var previousKeyExpiresAt: Date?

    package init(
        id: String, name: String, apiKeyHash: String, createdAt: Date, previousKeyHash: String? = nil,
        previousKeyExpiresAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.apiKeyHash = apiKeyHash
        self.createdAt = createdAt
        self.previousKeyHash = previousKeyHash
        self.previousKeyExpiresAt = previousKeyExpiresAt
    }
}
