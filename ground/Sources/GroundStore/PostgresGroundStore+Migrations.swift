import Foundation
import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func appliedMigrations() async throws(StoreError) -> [String] {
        try await query("list migrations", "SELECT name FROM schema_migrations ORDER BY applied_order")
            .map { row throws(StoreError) in try row.text("name") }
    }

    /// Applies the ``GroundSchema`` migrations not yet recorded in `schema_migrations`, each in its
    /// own transaction. The session-level advisory lock makes instances that start together wait for
    /// each other instead of racing on CREATE TABLE.
    func migrate(upTo target: String? = nil) async throws(StoreError) {
        let logger = self.logger
        do {
            try await client.withConnection { connection in
                try await connection.rows(
                    "SELECT pg_advisory_lock(\(AdvisoryLockKey.migrations.rawValue))", logger: logger)
                do {
                    try await Self.applyPending(on: connection, upTo: target, logger: logger)
                } catch {
                    do {
                        try await connection.rows(
                            "SELECT pg_advisory_unlock(\(AdvisoryLockKey.migrations.rawValue))", logger: logger)
                    } catch let unlock {
                        // The lock goes with the session anyway; the migration error is the one to report.
                        logger.warning(
                            "migration lock not released after a failed migration", metadata: ["error": "\(unlock)"])
                    }
                    throw error
                }
                try await connection.rows(
                    "SELECT pg_advisory_unlock(\(AdvisoryLockKey.migrations.rawValue))", logger: logger)
            }
        } catch {
            let mapped = Self.map(error, "migrate")
            throw StoreError(.migration, operation: mapped.operation, sql: mapped.sql, cause: mapped.cause)
        }
    }

    private static func applyPending(on connection: PostgresConnection, upTo target: String?, logger: Logger)
        async throws
    {
        try await connection.rows(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name TEXT PRIMARY KEY NOT NULL,
                applied_order BIGINT NOT NULL,
                applied_at DOUBLE PRECISION NOT NULL)
            """, logger: logger)
        let applied = Set(
            try await connection.rows("SELECT name FROM schema_migrations", logger: logger)
                .map { row throws(StoreError) in try row.text("name") })
        for (order, migration) in GroundSchema.migrations.enumerated() {
            let name = migration.name
            if applied.contains(name) {
                if name == target { break }
                continue
            }
            let now = Date().timeIntervalSince1970
            try await connection.withTransaction(logger: logger) { connection in
                for statement in migration.statements(.postgres) {
                    try await connection.rows(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.rows(
                    "INSERT INTO schema_migrations (name, applied_order, applied_at) VALUES (\(name), \(order), \(now))",
                    logger: logger)
            }
            logger.info("applied migration", metadata: ["migration": "\(name)"])
            if name == target { break }
        }
    }
}
