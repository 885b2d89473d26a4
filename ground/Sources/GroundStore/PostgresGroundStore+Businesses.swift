import Foundation
import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func insertBusiness(_ business: Business) async throws(StoreError) {
        try await query(
            "insert business \(business.id)",
            """
            INSERT INTO businesses (id, name, api_key_hash, created_at)
            VALUES (\(business.id), \(business.name), \(business.apiKeyHash), \(business.createdAt.timeIntervalSince1970))
            """)
    }

    package func business(id: String) async throws(StoreError) -> Business? {
        try await query("fetch business \(id)", "SELECT * FROM businesses WHERE id = \(id)")
            .first.map { row throws(StoreError) in try Business(row: row) }
    }

    package func business(apiKeyHash: String) async throws(StoreError) -> Business? {
        try await query(
            "fetch business by key",
            "SELECT * FROM businesses WHERE api_key_hash = \(apiKeyHash) OR previous_api_key_hash = \(apiKeyHash)"
        )
        .first.map { row throws(StoreError) in try Business(row: row) }
    }

    package func rotateBusinessKey(id: String, newKeyHash: String, previousKeyExpiresAt: Date)
        async throws(StoreError) -> Business?
    {
        try await query(
            "rotate key of business \(id)",
            """
            UPDATE businesses SET previous_api_key_hash = api_key_hash,
            previous_key_expires_at = \(previousKeyExpiresAt.timeIntervalSince1970), api_key_hash = \(newKeyHash)
            WHERE id = \(id) RETURNING *
            """
        )
        .first.map { row throws(StoreError) in try Business(row: row) }
    }
}
