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
        try await query("fetch business by key", "SELECT * FROM businesses WHERE api_key_hash = \(apiKeyHash)")
            .first.map { row throws(StoreError) in try Business(row: row) }
    }
}
