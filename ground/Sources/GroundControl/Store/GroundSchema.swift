import GRDB

/// The ground schema as named, append-only migrations. Never edit a shipped migration: add one.
enum GroundSchema {
    static let migrationNames = ["v1-core", "v2-telemetry"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-core") { db in
            try db.create(table: "businesses") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("api_key_hash", .text).notNull().unique()
                t.column("created_at", .double).notNull()
            }
            try db.create(table: "drones") { t in
                t.primaryKey("id", .text)
                t.column("last_state", .text)
                t.column("capabilities", .text)
                t.column("home_lat", .double)
                t.column("home_lon", .double)
                t.column("last_seen", .double)
                t.column("online", .boolean).notNull().defaults(to: false)
            }
            try db.create(table: "deliveries") { t in
                t.primaryKey("id", .text)
                t.column("business_id", .text).notNull().references("businesses")
                t.column("pickup_lat", .double).notNull()
                t.column("pickup_lon", .double).notNull()
                t.column("dropoff_lat", .double).notNull()
                t.column("dropoff_lon", .double).notNull()
                t.column("weight_kg", .double).notNull()
                t.column("size", .text).notNull()
                t.column("window_start", .double)
                t.column("window_end", .double)
                t.column("status", .text).notNull()
                t.column("reason", .text)
                t.column("drone_id", .text)
                t.column("assignment_id", .text)
                t.column("initial_eta_pickup", .double)
                t.column("initial_eta_dropoff", .double)
                t.column("eta_pickup", .double)
                t.column("eta_dropoff", .double)
                t.column("energy_used_wh", .double)
                t.column("rejected_by", .text).notNull().defaults(to: "[]")
                t.column("created_at", .double).notNull()
                t.column("updated_at", .double).notNull()
                for status in DeliveryStatus.allCases {
                    t.column(DeliveryColumns.statusTime(status), .double)
                }
            }
            try db.create(index: "deliveries_business_created", on: "deliveries", columns: ["business_id", "created_at", "id"])
            try db.create(index: "deliveries_status", on: "deliveries", columns: ["status"])
            try db.create(table: "delivery_history") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("delivery_id", .text).notNull().references("deliveries", onDelete: .cascade)
                t.column("from_status", .text)
                t.column("to_status", .text).notNull()
                t.column("reason", .text)
                t.column("at", .double).notNull()
            }
            try db.create(index: "delivery_history_delivery", on: "delivery_history", columns: ["delivery_id"])
            try db.create(table: "drone_events") { t in
                t.column("drone_id", .text).notNull()
                t.column("event_seq", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("received_at", .double).notNull()
                t.column("payload", .text).notNull()
                t.primaryKey(["drone_id", "event_seq"])
            }
        }
        migrator.registerMigration("v2-telemetry") { db in
            try db.create(table: "telemetry_samples") { t in
                t.column("drone_id", .text).notNull()
                t.column("time", .double).notNull()
                t.column("lat", .double).notNull()
                t.column("lon", .double).notNull()
                t.column("alt", .double).notNull()
                t.column("battery", .double)
                t.column("ground_speed", .double)
                t.column("heading", .double)
                t.primaryKey(["drone_id", "time"])
            }
            try db.create(index: "telemetry_time", on: "telemetry_samples", columns: ["time"])
        }
        return migrator
    }
}
