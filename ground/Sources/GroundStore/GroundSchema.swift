import GRDB
import GroundCore

/// The ground schema as named, append-only migrations shared by ``SQLiteGroundStore`` and
/// ``PostgresGroundStore``: one definition, with only column types varying per ``SQLDialect``.
/// Never edit a shipped migration: add one.
enum GroundSchema {
    static let migrations: [SchemaMigration] = [
        SchemaMigration(name: "v1-core", statements: core),
        SchemaMigration(name: "v2-telemetry", statements: telemetry),
        SchemaMigration(name: "v3-dispatch-pin", statements: dispatchPin),
        SchemaMigration(name: "v4-delivery-version", statements: deliveryVersion),
        SchemaMigration(name: "v5-offers", statements: offers),
        SchemaMigration(name: "v6-drone-registry", statements: droneRegistry),
        SchemaMigration(name: "v12-telemetry-partitions", statements: telemetryPartitions),
    ]

    static var migrationNames: [String] { migrations.map(\.name) }

    /// The migrations for GRDB, which records them in `grdb_migrations`.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.name) { db in
                for statement in migration.statements(.sqlite) { try db.execute(sql: statement) }
            }
        }
        return migrator
    }

    private static func core(_ d: SQLDialect) -> [String] {
        let statusTimes = DeliveryStatus.allCases
            .map { "\"\(DeliveryColumns.statusTime($0))\" \(d.double)" }
            .joined(separator: ",\n    ")
        return [
            """
            CREATE TABLE businesses (
                id \(d.key) PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                api_key_hash TEXT NOT NULL UNIQUE,
                created_at \(d.double) NOT NULL)
            """,
            """
            CREATE TABLE drones (
                id TEXT PRIMARY KEY NOT NULL,
                last_state TEXT,
                capabilities TEXT,
                home_lat \(d.double),
                home_lon \(d.double),
                last_seen \(d.double),
                online BOOLEAN NOT NULL DEFAULT FALSE)
            """,
            """
            CREATE TABLE deliveries (
                id \(d.key) PRIMARY KEY NOT NULL,
                business_id \(d.key) NOT NULL REFERENCES businesses(id),
                pickup_lat \(d.double) NOT NULL,
                pickup_lon \(d.double) NOT NULL,
                dropoff_lat \(d.double) NOT NULL,
                dropoff_lon \(d.double) NOT NULL,
                weight_kg \(d.double) NOT NULL,
                size TEXT NOT NULL,
                window_start \(d.double),
                window_end \(d.double),
                status TEXT NOT NULL,
                reason TEXT,
                drone_id TEXT,
                assignment_id TEXT,
                initial_eta_pickup \(d.double),
                initial_eta_dropoff \(d.double),
                eta_pickup \(d.double),
                eta_dropoff \(d.double),
                energy_used_wh \(d.double),
                rejected_by TEXT NOT NULL DEFAULT '[]',
                created_at \(d.double) NOT NULL,
                updated_at \(d.double) NOT NULL,
                \(statusTimes))
            """,
            "CREATE INDEX deliveries_business_created ON deliveries (business_id, created_at, id)",
            "CREATE INDEX deliveries_status ON deliveries (status)",
            """
            CREATE TABLE delivery_history (
                id \(d.serialPrimaryKey),
                delivery_id TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
                from_status TEXT,
                to_status TEXT NOT NULL,
                reason TEXT,
                at \(d.double) NOT NULL)
            """,
            "CREATE INDEX delivery_history_delivery ON delivery_history (delivery_id)",
            """
            CREATE TABLE drone_events (
                drone_id TEXT NOT NULL,
                event_seq \(d.bigint) NOT NULL,
                kind TEXT NOT NULL,
                received_at \(d.double) NOT NULL,
                payload TEXT NOT NULL,
                PRIMARY KEY (drone_id, event_seq))
            """,
        ]
    }

    private static func telemetry(_ d: SQLDialect) -> [String] {
        [
            """
            CREATE TABLE telemetry_samples (
                drone_id TEXT NOT NULL,
                time \(d.double) NOT NULL,
                lat \(d.double) NOT NULL,
                lon \(d.double) NOT NULL,
                alt \(d.double) NOT NULL,
                battery \(d.double),
                ground_speed \(d.double),
                heading \(d.double),
                PRIMARY KEY (drone_id, time))
            """,
            "CREATE INDEX telemetry_time ON telemetry_samples (time)",
        ]
    }

    /// The operator's manual dispatch lives in the row, so the scheduler leader sees a pin set through
    /// any instance (and after a restart).
    private static func dispatchPin(_ d: SQLDialect) -> [String] {
        ["ALTER TABLE deliveries ADD COLUMN pinned_drone_id TEXT"]
    }

    /// Every change of a delivery row is a compare-and-set on this counter, so two writers (requests,
    /// drone progress, scheduler rounds, on one instance or several) can never both win.
    private static func deliveryVersion(_ d: SQLDialect) -> [String] {
        ["ALTER TABLE deliveries ADD COLUMN version \(d.bigint) NOT NULL DEFAULT 0"]
    }

    /// Offers are stored before the `assign` goes out: after a crash between sending it and storing the
    /// answer, the drone's report of the assignment is recognised (adopted) instead of orphaned.
    private static func offers(_ d: SQLDialect) -> [String] {
        [
            """
            CREATE TABLE offers (
                assignment_id TEXT PRIMARY KEY NOT NULL,
                delivery_id TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
                drone_id TEXT NOT NULL,
                command_id TEXT NOT NULL,
                offered_at \(d.double) NOT NULL,
                eta_pickup \(d.double) NOT NULL,
                eta_dropoff \(d.double) NOT NULL,
                state TEXT NOT NULL)
            """,
            "CREATE INDEX offers_state ON offers (state)",
            "CREATE INDEX offers_delivery ON offers (delivery_id)",
        ]
    }

    /// Only drones registered here are believed: messages from any other MQTT client on a drone topic
    /// are counted and dropped.
    private static func droneRegistry(_ d: SQLDialect) -> [String] {
        [
            """
            CREATE TABLE provisioned_drones (
                id \(d.key) PRIMARY KEY NOT NULL,
                status TEXT NOT NULL,
                registered_at \(d.double) NOT NULL,
                retired_at \(d.double))
            """
        ]
    }
}
