import Foundation
import GroundCore
import Logging
import PostgresNIO

/// The shared ground store for several ground-control instances: PostgreSQL through a PostgresNIO
/// connection pool, schema from the same ``GroundSchema`` migrations as ``SQLiteGroundStore``.
/// Every value is a bound parameter; SQL text only ever contains fixed column names.
package final class PostgresGroundStore: GroundStore {
    let client: PostgresClient
    /// New bookings (the row with its first history entry): those that arrive while one batch commits go
    /// together in the next statement, one commit (one WAL flush) for all of them (see ``GroupCommit``).
    /// Several lanes, each with one statement in flight: with one, a statement that waits (a pool lease, a
    /// checkpoint) held up every booking behind it, where the pool lets several commit at once.
    let bookingLanes: [GroupCommit<Booking>]
    /// Runs the pool's background work. The store owns it (rather than a service group) because the
    /// store is used before the service group starts: migrations and restoring the fleet view.
    private let runner: Task<Void, Never>
    let logger: Logger
    package let settings: PostgresConnectionSettings
    package let telemetryPolicy: TelemetryRetentionPolicy

    /// Connects, checks the server answers and applies pending migrations under an advisory lock.
    /// An unreachable server or a refused login fails here at once with ``StoreError/Kind/open``
    /// (the pool would otherwise keep retrying for a minute before failing a query).
    package convenience init(
        settings: PostgresConnectionSettings, telemetryPolicy: TelemetryRetentionPolicy = .default,
        logger: Logger = Logger(label: "skyrelay.ground.postgres")
    ) async throws(StoreError) {
        try await self.init(settings: settings, telemetryPolicy: telemetryPolicy, logger: logger, migratingUpTo: nil)
    }

    /// `migratingUpTo` stops after the named migration: tests use it to build an older database.
    init(
        settings: PostgresConnectionSettings, telemetryPolicy: TelemetryRetentionPolicy,
        logger: Logger, migratingUpTo target: String?
    ) async throws(StoreError) {
        self.settings = settings
        self.telemetryPolicy = telemetryPolicy
        self.logger = logger
        try await Self.checkConnection(settings, logger: logger)
        let client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: logger)
        self.client = client
        bookingLanes = (0..<Self.bookingLaneCount).map { _ in
            GroupCommit { jobs in await Self.insert(jobs, client: client, logger: logger) }
        }
        // Lease requests made before run() has begun are logged as warnings: wait for the task to start.
        let (started, didStart) = AsyncStream<Void>.makeStream()
        runner = Task {
            didStart.finish()
            await client.run()
        }
        for await _ in started {}
        do {
            try await migrate(upTo: target)
        } catch {
            runner.cancel()
            throw error
        }
    }

    /// Closes the pool; queries after this fail.
    package func close() async {
        runner.cancel()
        await runner.value
    }

    deinit { runner.cancel() }

    /// Opens and closes one connection, so a wrong address or login is reported at start-up.
    static func checkConnection(_ settings: PostgresConnectionSettings, logger: Logger) async throws(StoreError) {
        let operation = "connect to \(settings.host):\(settings.port)/\(settings.database) as \(settings.username)"
        let configuration = try settings.connectionConfiguration()
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch {
            let mapped = map(error, operation)
            throw StoreError(.open, operation: operation, cause: mapped.cause ?? error)
        }
    }

    // MARK: Helpers mapping PostgresNIO errors to StoreError

    /// Runs one statement on a pooled connection and returns all its rows.
    @discardableResult
    func query(_ operation: String, _ query: PostgresQuery) async throws(StoreError) -> [PostgresRandomAccessRow] {
        do {
            return try await client.query(query, logger: logger).collect().map(PostgresRandomAccessRow.init)
        } catch {
            throw Self.map(error, operation)
        }
    }

    /// Runs `body` in one transaction on one pooled connection (rolled back if it throws).
    func transaction<T: Sendable>(
        _ operation: String, _ body: @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws(StoreError) -> T {
        let logger = self.logger
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection, logger) }
        } catch {
            throw Self.map(error, operation)
        }
    }

    static func map(_ error: any Error, _ operation: String) -> StoreError {
        switch error {
        case let storeError as StoreError:
            return storeError
        case let transaction as PostgresTransactionError:
            if let cause = transaction.closureError ?? transaction.commitError ?? transaction.beginError {
                return map(cause, operation)
            }
            return StoreError(.query, operation: operation, cause: error)
        case let psql as PSQLError:
            let failure = PostgresFailure(psql)
            let kind: StoreError.Kind =
                switch psql.code {
                case .server: failure.isConstraintViolation ? .constraint : .query
                case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed,
                    .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
                    .open
                default: .query
                }
            return StoreError(kind, operation: operation, sql: psql.query?.sql, cause: failure)
        default:
            return StoreError(.query, operation: operation, cause: error)
        }
    }
}

extension PostgresConnection {
    /// All rows of `query` on this connection (inside a transaction or a leased session).
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        try await self.query(query, logger: logger).collect().map(PostgresRandomAccessRow.init)
    }
}
