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
        SchemaMigration(name: "v7-planning", statements: planning),
        SchemaMigration(name: "v8-airspace", statements: airspace),
        SchemaMigration(name: "v9-notifications", statements: notifications),
        SchemaMigration(name: "v10-flight-ops", statements: flightOps),
        SchemaMigration(name: "v11-proof-of-delivery", statements: proofOfDelivery),
        SchemaMigration(name: "v12-telemetry-partitions", statements: telemetryPartitions),
        SchemaMigration(name: "v13-routes", statements: routes),
        SchemaMigration(name: "v15-swaps", statements: swaps),
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

    /// The day plan's booking terms (latest dropoff, priority) and the uncertainty of a planned ETA.
    private static func planning(_ d: SQLDialect) -> [String] {
        [
            "ALTER TABLE deliveries ADD COLUMN deadline \(d.double)",
            "ALTER TABLE deliveries ADD COLUMN priority TEXT NOT NULL DEFAULT 'standard'",
            "ALTER TABLE deliveries ADD COLUMN eta_margin_s \(d.double)",
        ]
    }

    /// Every change of a delivery row is a compare-and-set on this counter, so two writers (requests,
    /// drone progress, scheduler rounds, on one instance or several) can never both win.
    private static func deliveryVersion(_ d: SQLDialect) -> [String] {
        ["ALTER TABLE deliveries ADD COLUMN version \(d.bigint) NOT NULL DEFAULT 0"]
    }

    /// The path around the no-fly zones each assignment is flown on (the assign's, then an accepted
    /// re-route's): a new leader checks and tracks flights on it instead of assuming straight legs.
    /// The swap depots' work lists (``SwapOrder``): written by the scheduler leader, read by every
    /// instance's API, so a staff member gets the same list whichever instance answers.
    private static func swaps(_ d: SQLDialect) -> [String] {
        [
            """
            CREATE TABLE swap_orders (
                id \(d.key) PRIMARY KEY NOT NULL,
                drone_id TEXT NOT NULL,
                depot_id TEXT NOT NULL,
                delivery_id TEXT,
                needed_by \(d.double),
                state TEXT NOT NULL,
                battery_percent \(d.double),
                created_at \(d.double) NOT NULL,
                updated_at \(d.double) NOT NULL)
            """,
            "CREATE INDEX swap_orders_depot ON swap_orders (depot_id, created_at)",
        ]
    }

    private static func routes(_ d: SQLDialect) -> [String] {
        ["ALTER TABLE offers ADD COLUMN route TEXT"]
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

    /// Operator no-fly zones (the permanent ones live in the service-area file) and weather holds.
    /// Polygons are a JSON array of `{lat, lon}`: read and written whole, never queried by vertex.
    private static func airspace(_ d: SQLDialect) -> [String] {
        [
            """
            CREATE TABLE no_fly_zones (
                id \(d.key) PRIMARY KEY NOT NULL,
                name TEXT,
                vertices TEXT NOT NULL,
                floor_m \(d.double),
                ceiling_m \(d.double),
                starts_at \(d.double),
                ends_at \(d.double),
                created_at \(d.double) NOT NULL)
            """,
            """
            CREATE TABLE weather_holds (
                id \(d.key) PRIMARY KEY NOT NULL,
                area TEXT,
                max_wind_mps \(d.double),
                max_gust_mps \(d.double),
                ends_at \(d.double),
                created_at \(d.double) NOT NULL)
            """,
        ]
    }

    /// Named operators, the append-only audit log, alerts, and webhook endpoints with their durable
    /// outbox and attempts.
    private static func notifications(_ d: SQLDialect) -> [String] {
        var statements = [
            """
            CREATE TABLE operators (
                id \(d.key) PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                created_at \(d.double) NOT NULL,
                key_rotated_at \(d.double))
            """,
            """
            CREATE TABLE audit_log (
                seq \(d.serialPrimaryKey),
                at \(d.double) NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                detail TEXT)
            """,
            """
            CREATE TABLE alerts (
                id \(d.key) PRIMARY KEY NOT NULL,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                message TEXT NOT NULL,
                state TEXT NOT NULL,
                opened_at \(d.double) NOT NULL,
                acknowledged_at \(d.double),
                acknowledged_by TEXT,
                resolved_at \(d.double),
                resolved_by TEXT)
            """,
            // One unresolved alert per kind and subject: raising it again finds the open one.
            "CREATE UNIQUE INDEX alerts_unresolved ON alerts (kind, subject) WHERE state <> 'resolved'",
            "CREATE INDEX alerts_opened ON alerts (opened_at)",
            """
            CREATE TABLE webhooks (
                id \(d.key) PRIMARY KEY NOT NULL,
                business_id \(d.key) NOT NULL REFERENCES businesses(id),
                url TEXT NOT NULL,
                events TEXT NOT NULL,
                eta_threshold_minutes \(d.double) NOT NULL,
                secret TEXT NOT NULL,
                created_at \(d.double) NOT NULL,
                consecutive_failures \(d.bigint) NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX webhooks_business ON webhooks (business_id)",
            """
            CREATE TABLE webhook_outbox (
                id \(d.serialPrimaryKey),
                endpoint_id TEXT NOT NULL,
                delivery_id TEXT NOT NULL,
                event TEXT NOT NULL,
                idempotency_key TEXT NOT NULL UNIQUE,
                body TEXT NOT NULL,
                created_at \(d.double) NOT NULL,
                next_attempt_at \(d.double) NOT NULL,
                attempts \(d.bigint) NOT NULL DEFAULT 0,
                state TEXT NOT NULL,
                claimed_by TEXT,
                claimed_until \(d.double))
            """,
            "CREATE INDEX webhook_outbox_due ON webhook_outbox (state, next_attempt_at)",
            "CREATE INDEX webhook_outbox_line ON webhook_outbox (endpoint_id, delivery_id, state, id)",
            """
            CREATE TABLE webhook_attempts (
                id \(d.serialPrimaryKey),
                message_id \(d.bigint) NOT NULL,
                endpoint_id TEXT NOT NULL,
                delivery_id TEXT NOT NULL,
                event TEXT NOT NULL,
                at \(d.double) NOT NULL,
                status_code \(d.bigint),
                error TEXT,
                duration_ms \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id)",
        ]
        // The audit log is append-only in the database itself, not only in the code.
        switch d {
        case .sqlite:
            for operation in ["UPDATE", "DELETE"] {
                statements.append(
                    """
                    CREATE TRIGGER audit_log_no_\(operation.lowercased()) BEFORE \(operation) ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                    """)
            }
        case .postgres:
            statements.append(
                """
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
                """)
            statements.append(
                """
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
                FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
                """)
        }
        return statements
    }

    /// Reschedule, key rotation and fleet maintenance. `plan_revision` (delivery and offer) lets an acceptance planned for an
    /// older dropoff or window be refused; the previous key hash keeps a rotated business key valid until
    /// its grace period ends. `airborne` on telemetry counts flight hours; `drone_maintenance` keeps a
    /// drone out of dispatch and its last service.
    private static func flightOps(_ d: SQLDialect) -> [String] {
        [
            "ALTER TABLE deliveries ADD COLUMN plan_revision \(d.bigint) NOT NULL DEFAULT 0",
            "ALTER TABLE offers ADD COLUMN plan_revision \(d.bigint) NOT NULL DEFAULT 0",
            "ALTER TABLE businesses ADD COLUMN previous_api_key_hash TEXT",
            "ALTER TABLE businesses ADD COLUMN previous_key_expires_at \(d.double)",
            "CREATE INDEX businesses_previous_key ON businesses (previous_api_key_hash)",
            "ALTER TABLE telemetry_samples ADD COLUMN airborne \(d.bigint)",
            """
            CREATE TABLE drone_maintenance (
                drone_id \(d.key) PRIMARY KEY NOT NULL,
                out_of_service_reason TEXT,
                out_of_service_since \(d.double),
                last_service_at \(d.double),
                last_service_note TEXT)
            """,
        ]
    }

    /// Proof of delivery: the drone's release record per delivery, the photo in the pieces the drone
    /// uploaded (kept in the database, not a file store, so every instance of a scale-out group serves it
    /// and a proof is stored in the same transaction as its progress).
    private static func proofOfDelivery(_ d: SQLDialect) -> [String] {
        [
            """
            CREATE TABLE delivery_proofs (
                delivery_id \(d.key) PRIMARY KEY NOT NULL REFERENCES deliveries(id),
                drone_id TEXT NOT NULL,
                assignment_id TEXT NOT NULL,
                released_at \(d.double) NOT NULL,
                lat \(d.double) NOT NULL,
                lon \(d.double) NOT NULL,
                alt_amsl_m \(d.double) NOT NULL,
                alt_rel_m \(d.double) NOT NULL,
                gripper_confirmed_by TEXT NOT NULL,
                gripper_mission_seq \(d.bigint),
                gripper_result TEXT,
                image_media_type TEXT,
                image_sha256 TEXT,
                image_total_bytes \(d.bigint),
                image_received_bytes \(d.bigint) NOT NULL DEFAULT 0,
                image_complete BOOLEAN NOT NULL DEFAULT FALSE,
                image_error TEXT,
                stored_at \(d.double) NOT NULL)
            """,
            """
            CREATE TABLE delivery_proof_chunks (
                delivery_id \(d.key) NOT NULL REFERENCES delivery_proofs(delivery_id),
                byte_offset \(d.bigint) NOT NULL,
                data \(d.blob) NOT NULL,
                PRIMARY KEY (delivery_id, byte_offset))
            """,
        ]
    }
}
