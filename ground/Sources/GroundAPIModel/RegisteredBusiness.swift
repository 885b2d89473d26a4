import Foundation

/// The registration answer: the only time the API key is ever shown.
package struct RegisteredBusiness: Codable, Sendable, Hashable {
    package var id: String
    package var name: String
    package var apiKey: String
    package var createdAt: Date

    package init(id: String, name: String, apiKey: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.apiKey = apiKey
        self.createdAt = createdAt
    }
}
