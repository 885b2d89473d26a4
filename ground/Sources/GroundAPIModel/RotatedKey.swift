import Foundation

/// `POST /v1/businesses/{id}/rotate-key` answer: the new key, shown only here, and until when the
/// replaced one still works.
package struct RotatedKey: Codable, Sendable, Hashable {
    package var id: String
    package var apiKey: String
    package var previousKeyExpiresAt: Date

    package init(id: String, apiKey: String, previousKeyExpiresAt: Date) {
        self.id = id
        self.apiKey = apiKey
        self.previousKeyExpiresAt = previousKeyExpiresAt
    }
}
