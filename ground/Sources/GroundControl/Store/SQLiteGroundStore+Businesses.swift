import Foundation
import GRDB

extension SQLiteGroundStore {
    public func insertBusiness(_ business: Business) async throws(StoreError) {
        try await write("insert business \(business.id)") { db in
            try db.execute(
                sql: "INSERT INTO businesses (id, name, api_key_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [business.id, business.name, business.apiKeyHash, business.createdAt.timeIntervalSince1970]
            )
        }
    }

    public func business(id: String) async throws(StoreError) -> Business? {
        try await read("fetch business \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM businesses WHERE id = ?", arguments: [id]).map(Self.business(row:))
        }
    }

    public func business(apiKeyHash: String) async throws(StoreError) -> Business? {
        try await read("fetch business by key") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM businesses WHERE api_key_hash = ?", arguments: [apiKeyHash])
                .map(Self.business(row:))
        }
    }

    static func business(row: Row) -> Business {
        Business(
            id: row["id"], name: row["name"], apiKeyHash: row["api_key_hash"],
            createdAt: Date(timeIntervalSince1970: row["created_at"])
        )
    }
}
