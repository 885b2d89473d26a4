import Foundation
import GRDB
import GroundCore
import Synchronization

/// The embedded ground store: one SQLite file in WAL mode through a GRDB `DatabasePool`
/// (concurrent readers, one writer), schema from ``GroundSchema``.
package final class SQLiteGroundStore: GroundStore {
    let pool: DatabasePool
    /// A booking's writes (the new row, then its first decision), committed together with those of the
    /// bookings that arrive meanwhile (see ``GroupCommit``).
    let deliveryWrites: GroupCommit<@Sendable (Database) throws -> Void>
    package let telemetryPolicy: TelemetryRetentionPolicy
    /// Newest stored telemetry time per drone, as far as this store wrote or read it (see
    /// ``insertTelemetry(_:)``): a SQLite store has one ground instance, so only this store adds rows.
    let telemetryLatest = Mutex<[String: Double]>([:])

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    package init(path: String, telemetryPolicy: TelemetryRetentionPolicy = .default) throws(StoreError) {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Writers wait for each other instead of failing with SQLITE_BUSY under load.
        configuration.busyMode = .timeout(5)
        let opened: DatabasePool
        do {
            opened = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(.open, operation: "open \(path)", cause: error)
        }
        pool = opened
        deliveryWrites = GroupCommit { jobs in
            do {
                return try await opened.write { db in
                    jobs.map { job -> Result<Void, any Error> in
                        do {
                            try db.inSavepoint {
                                try job(db)
                                return .commit
                            }
                            return .success(())
                        } catch {
                            return .failure(error)
                        }
                    }
                }
            } catch {
                return jobs.map { _ in .failure(error) }
            }
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

    /// A read of a row or two by key, run on the calling thread.
    ///
    /// GRDB's async read hands the work to a reader's queue and resumes on another thread: on a busy
    /// two-core host those two thread switches cost more than the read (a WAL reader never waits for the
    /// writer, and the pool's readers are only ever held for such short reads). For the per-request
    /// lookups (a delivery, a business); scans stay on ``read(_:_:)``.
    ///
    /// `body` runs one SELECT: a single statement reads one snapshot on its own, so the BEGIN and COMMIT
    /// GRDB's isolated read wraps around it (each parsed again at every call) are left out.
    func readHere<T>(_ operation: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.unsafeRead(body) } catch { throw Self.map(error, operation()) }
    }

    func write<T: Sendable>(_ operation: String, _ body: @Sendable @escaping (Database) throws -> T)
        async throws(StoreError) -> T
    {
        do { return try await pool.write(body) } catch { throw Self.map(error, operation) }
    }

    /// A write of the booking path, committed in one transaction with those arriving meanwhile (each in
    /// its own savepoint: one failing leaves the others whole); returns once it is committed.
    func writeTogether(_ operation: String, _ body: @Sendable @escaping (Database) throws -> Void)
        async throws(StoreError)
    {
        do { try await deliveryWrites.submit(body) } catch { throw Self.map(error, operation) }
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
