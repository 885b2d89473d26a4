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
        try readHere("fetch business \(id)") { db in
            try Self.fetchOne(db, sql: "SELECT * FROM businesses WHERE id = ?", arguments: [id]) { row in
                try Business(row: row)
            }
        }
    }

    package func business(apiKeyHash: String) async throws(StoreError) -> Business? {
        try readHere("fetch business by key") { db in
            try Self.fetchOne(
                db, sql: "SELECT * FROM businesses WHERE api_key_hash = ? OR previous_api_key_hash = ?",
                arguments: [apiKeyHash, apiKeyHash]
            ) { row in try Business(row: row) }
        }
    }

    package func rotateBusinessKey(id: String, newKeyHash: String, previousKeyExpiresAt: Date)
        async throws(StoreError) -> Business?
    {
        try await write("rotate key of business \(id)") { db in
            try db.execute(
                sql: """
                    UPDATE businesses SET previous_api_key_hash = api_key_hash, previous_key_expires_at = ?,
                    api_key_hash = ? WHERE id = ?
                    """,
                arguments: [previousKeyExpiresAt.timeIntervalSince1970, newKeyHash, id])
            guard db.changesCount > 0 else { return nil }
            return try Self.fetchOne(db, sql: "SELECT * FROM businesses WHERE id = ?", arguments: [id]) { row in
                try Business(row: row)
            }
        }
    }
}
