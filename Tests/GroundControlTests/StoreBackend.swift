import Foundation
import GRDB
import Logging
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// The stores the shared store suite runs against: a SQLite file in a temp dir, and a fresh database
/// on a real PostgreSQL server (one server per test process, one database per test).
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A new empty database of this kind, migrated up to `upTo` (all migrations when nil).
    func makeFixture(
        policy: TelemetryRetentionPolicy = .default, upTo migration: String? = nil
    ) async throws -> StoreFixture {
        switch self {
        case .sqlite:
            let dir = try TemporaryDirectory()
            let location = dir.sqlitePath()
            if let migration {
                let queue = try DatabaseQueue(path: location)
                try GroundSchema.migrator.migrate(queue, upTo: migration)
                try queue.close()
            }
            return try await StoreFixture(backend: self, location: location, policy: policy, directory: dir)
        case .postgres:
            let server = try await PostgresServer.shared()
            let url = try await server.createDatabase(prefix: "store")
            if let migration {
                let old = try await PostgresGroundStore(
                    settings: PostgresConnectionSettings(url: url), telemetryPolicy: policy,
                    logger: Logger(label: "test"), migratingUpTo: migration)
                await old.close()
            }
            return try await StoreFixture(backend: self, location: url, policy: policy, directory: nil)
        }
    }
}

/// One open store of a ``StoreBackend`` plus what is needed to reopen and clean it up.
struct StoreFixture: Sendable {
    let backend: StoreBackend
    /// SQLite path or PostgreSQL URL.
    let location: String
    let policy: TelemetryRetentionPolicy
    let directory: TemporaryDirectory?
    let store: any GroundStore

    init(backend: StoreBackend, location: String, policy: TelemetryRetentionPolicy, directory: TemporaryDirectory?)
        async throws
    {
        self.backend = backend
        self.location = location
        self.policy = policy
        self.directory = directory
        store = try await DatabaseLocation(location).open(telemetryPolicy: policy, logger: Logger(label: "test"))
    }

    /// A second, independent store on the same database (a restarted or another instance).
    func reopen() async throws -> any GroundStore {
        try await DatabaseLocation(location).open(telemetryPolicy: policy, logger: Logger(label: "test"))
    }

    /// Closes the store and removes the SQLite directory.
    func close() async {
        try? await store.close()
        directory?.remove()
    }
}
