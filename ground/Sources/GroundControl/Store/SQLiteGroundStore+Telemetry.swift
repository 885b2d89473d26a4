import Foundation
import GRDB

extension SQLiteGroundStore {
    @discardableResult
    public func recordEvent(_ event: DroneEventRecord) async throws(StoreError) -> Bool {
        try await write("record event \(event.droneID)#\(event.eventSeq)") { db in
            // The agent re-sends from its outbox until the broker acks, so duplicates are normal.
            try db.execute(
                sql: "INSERT OR IGNORE INTO drone_events (drone_id, event_seq, kind, received_at, payload) VALUES (?, ?, ?, ?, ?)",
                arguments: [event.droneID, event.eventSeq, event.kind, event.receivedAt.timeIntervalSince1970, event.payload]
            )
            return db.changesCount == 1
        }
    }

    /// Number of stored events of a drone (for tests and diagnostics).
    public func eventCount(droneID: String) async throws(StoreError) -> Int {
        try await read("count events \(droneID)") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM drone_events WHERE drone_id = ?", arguments: [droneID]) ?? 0
        }
    }

    @discardableResult
    public func insertTelemetry(_ samples: [TelemetrySample]) async throws(StoreError) -> Int {
        guard !samples.isEmpty else { return 0 }
        let interval = telemetryPolicy.sampleInterval
        let ordered = samples.sorted { ($0.droneID, $0.time) < ($1.droneID, $1.time) }
        return try await write("insert \(samples.count) telemetry samples") { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO telemetry_samples (drone_id, time, lat, lon, alt, battery, ground_speed, heading)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let latest = try db.cachedStatement(sql: "SELECT MAX(time) FROM telemetry_samples WHERE drone_id = ?")
            var lastKept: [String: Double] = [:]
            var kept = 0
            for sample in ordered {
                let time = sample.time.timeIntervalSince1970
                let previous: Double?
                if let cached = lastKept[sample.droneID] {
                    previous = cached
                } else {
                    previous = try Double.fetchOne(latest, arguments: [sample.droneID])
                }
                // Downsampling against what is already stored keeps the spacing across batches and restarts.
                if let previous, time < previous + interval {
                    lastKept[sample.droneID] = previous
                    continue
                }
                try insert.execute(arguments: [
                    sample.droneID, time, sample.lat, sample.lon, sample.alt,
                    sample.batteryPercent, sample.groundSpeed, sample.heading,
                ])
                lastKept[sample.droneID] = time
                kept += db.changesCount
            }
            return kept
        }
    }

    public func telemetry(droneID: String, from: Date, to: Date) async throws(StoreError) -> [TelemetrySample] {
        try await read("fetch telemetry \(droneID)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM telemetry_samples WHERE drone_id = ? AND time >= ? AND time < ? ORDER BY time",
                arguments: [droneID, from.timeIntervalSince1970, to.timeIntervalSince1970]
            ).map { row in
                TelemetrySample(
                    droneID: row["drone_id"], time: Date(timeIntervalSince1970: row["time"]),
                    lat: row["lat"], lon: row["lon"], alt: row["alt"], batteryPercent: row["battery"],
                    groundSpeed: row["ground_speed"], heading: row["heading"]
                )
            }
        }
    }

    @discardableResult
    public func pruneTelemetry(before cutoff: Date) async throws(StoreError) -> Int {
        try await write("prune telemetry") { db in
            try db.execute(sql: "DELETE FROM telemetry_samples WHERE time < ?", arguments: [cutoff.timeIntervalSince1970])
            return db.changesCount
        }
    }

    /// Deletes samples older than the policy's retention, counted back from `now`.
    @discardableResult
    public func applyRetention(now: Date = Date()) async throws(StoreError) -> Int {
        try await pruneTelemetry(before: now.addingTimeInterval(-telemetryPolicy.retention))
    }
}
