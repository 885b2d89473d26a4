import Foundation
import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func insertOperator(_ account: OperatorAccount) async throws(StoreError) {
        try await query(
            "insert operator \(account.id)",
            """
            INSERT INTO operators (id, name, role, key_hash, created_at, key_rotated_at)
            VALUES (\(account.id), \(account.name), \(account.role.rawValue), \(account.keyHash), \(account.createdAt.timeIntervalSince1970), \(account.keyRotatedAt?.timeIntervalSince1970))
            """)
    }

    package func operatorAccount(id: String) async throws(StoreError) -> OperatorAccount? {
        try await query("fetch operator \(id)", "SELECT * FROM operators WHERE id = \(id)")
            .first.map { row throws(StoreError) in try OperatorAccount(row: row) }
    }

    package func operatorAccount(keyHash: String) async throws(StoreError) -> OperatorAccount? {
        try await query("fetch operator by key", "SELECT * FROM operators WHERE key_hash = \(keyHash)")
            .first.map { row throws(StoreError) in try OperatorAccount(row: row) }
    }

    package func operatorAccounts() async throws(StoreError) -> [OperatorAccount] {
        try await query("list operators", "SELECT * FROM operators ORDER BY id")
            .map { row throws(StoreError) in try OperatorAccount(row: row) }
    }

    package func rotateOperatorKey(id: String, keyHash: String, at date: Date) async throws(StoreError) -> Bool {
        let rows = try await query(
            "rotate operator key \(id)",
            """
            UPDATE operators SET key_hash = \(keyHash), key_rotated_at = \(date.timeIntervalSince1970)
            WHERE id = \(id) RETURNING id
            """)
        return !rows.isEmpty
    }

    package func deleteOperator(id: String) async throws(StoreError) -> Bool {
        !(try await query("delete operator \(id)", "DELETE FROM operators WHERE id = \(id) RETURNING id")).isEmpty
    }
}
