import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func insertOperator(_ account: OperatorAccount) async throws(StoreError) {
        try await write("insert operator \(account.id)") { db in
            try db.execute(
                sql: """
                    INSERT INTO operators (id, name, role, key_hash, created_at, key_rotated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    account.id, account.name, account.role.rawValue, account.keyHash,
                    account.createdAt.timeIntervalSince1970, account.keyRotatedAt?.timeIntervalSince1970,
                ])
        }
    }

    package func operatorAccount(id: String) async throws(StoreError) -> OperatorAccount? {
        try await read("fetch operator \(id)") { db in
            try Self.fetchOne(db, sql: "SELECT * FROM operators WHERE id = ?", arguments: [id]) { row in
                try OperatorAccount(row: row)
            }
        }
    }

    package func operatorAccount(keyHash: String) async throws(StoreError) -> OperatorAccount? {
        try await read("fetch operator by key") { db in
            try Self.fetchOne(db, sql: "SELECT * FROM operators WHERE key_hash = ?", arguments: [keyHash]) { row in
                try OperatorAccount(row: row)
            }
        }
    }

    package func operatorAccounts() async throws(StoreError) -> [OperatorAccount] {
        try await read("list operators") { db in
            try Self.fetchAll(db, sql: "SELECT * FROM operators ORDER BY id") { row in try OperatorAccount(row: row) }
        }
    }

    package func rotateOperatorKey(id: String, keyHash: String, at date: Date) async throws(StoreError) -> Bool {
        try await write("rotate operator key \(id)") { db in
            try db.execute(
                sql: "UPDATE operators SET key_hash = ?, key_rotated_at = ? WHERE id = ?",
                arguments: [keyHash, date.timeIntervalSince1970, id])
            return db.changesCount > 0
        }
    }

    package func deleteOperator(id: String) async throws(StoreError) -> Bool {
        try await write("delete operator \(id)") { db in
            try db.execute(sql: "DELETE FROM operators WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}
