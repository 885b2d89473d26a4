import Foundation
import GRDB
import GroundCore

/// The embedded ground store: one SQLite file in WAL mode through a GRDB `DatabasePool`
/// (concurrent readers, one writer), schema from ``GroundSchema``.
package final class SQLiteGroundStore: GroundStore {
    let pool: DatabasePool
    package let telemetryPolicy: TelemetryRetentionPolicy

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    package init(path: String, telemetryPolicy: TelemetryRetentionPolicy = .default) throws(StoreError) {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Writers wait for each other instead of failing with SQLITE_BUSY under load.
        configuration.busyMode = .timeout(5)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(.open, operation: "open \(path)", cause: error)
        }
        self.telemetryPolicy = telemetryPolicy
        do {
            try GroundSchema.migrator.migrate(pool)
        } catch {
            throw StoreError(
                .migration, operation: "migrate \(path)", sql: (error as? DatabaseError)?.sql, cause: error)
        }
    }

    /// Names of the migrations applied to this database, in order.
    package func appliedMigrations() async throws(StoreError) -> [String] {
        try await read("list migrations") { db in try GroundSchema.migrator.appliedMigrations(db) }
    }

    /// Flushes the WAL into the main file; used before a planned shutdown.
    package func close() throws(StoreError) {
        do { try pool.close() } catch { throw StoreError(.query, operation: "close", cause: error) }
    }

    // MARK: Helpers mapping GRDB errors to StoreError

    func read<T: Sendable>(_ operation: String, _ body: @Sendable @escaping (Database) throws -> T)
        async throws(StoreError) -> T
    {
        do { return try await pool.read(body) } catch { throw Self.map(error, operation) }
    }

    func write<T: Sendable>(_ operation: String, _ body: @Sendable @escaping (Database) throws -> T)
        async throws(StoreError) -> T
    {
        do { return try await pool.write(body) } catch { throw Self.map(error, operation) }
    }

    static func map(_ error: any Error, _ operation: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if let dbError = error as? DatabaseError {
            let kind: StoreError.Kind = dbError.resultCode == .SQLITE_CONSTRAINT ? .constraint : .query
            return StoreError(kind, operation: operation, sql: dbError.sql, cause: dbError)
        }
        return StoreError(.query, operation: operation, cause: error)
    }
}
