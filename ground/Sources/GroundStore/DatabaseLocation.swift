import GroundCore
import Logging

/// Which store ground-control opens: a SQLite file (the embedded default) or a shared PostgreSQL.
package enum DatabaseLocation: Sendable, Hashable {
    case sqlite(path: String)
    case postgres(PostgresConnectionSettings)

    /// `postgres://` and `postgresql://` URLs select PostgreSQL; anything else is a SQLite path.
    package init(_ text: String) throws(StoreError) {
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            self = .postgres(try PostgresConnectionSettings(url: text))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// Opens the store and applies pending migrations.
    package func open(telemetryPolicy: TelemetryRetentionPolicy, logger: Logger) async throws(StoreError)
        -> any GroundStore
    {
        switch self {
        case .sqlite(let path):
            try SQLiteGroundStore(path: path, telemetryPolicy: telemetryPolicy)
        case .postgres(let settings):
            try await PostgresGroundStore(settings: settings, telemetryPolicy: telemetryPolicy, logger: logger)
        }
    }
}
