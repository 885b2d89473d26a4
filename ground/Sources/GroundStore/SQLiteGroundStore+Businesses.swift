import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func insertBusiness(_ business: Business) async throws(StoreError) {
        try await write("insert business \(business.id)") { db in
            try db.execute(
                sql: "INSERT INTO businesses (id, name, api_key_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [business.id, business.name, business.apiKeyHash, business.createdAt.timeIntervalSince1970]
            )
        }
    }

    package func business(id: String) async throws(StoreError) -> Business? {
        try await read("fetch business \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM businesses WHERE id = ?", arguments: [id]).map {
                row throws(StoreError) in try Business(row: row)
            }
        }
    }

    package func business(apiKeyHash: String) async throws(StoreError) -> Business? {
        try await read("fetch business by key") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM businesses WHERE api_key_hash = ?", arguments: [apiKeyHash])
                .map { row throws(StoreError) in try Business(row: row) }
        }
    }
}
