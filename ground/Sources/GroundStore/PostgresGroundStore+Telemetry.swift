import Foundation
import GroundCore
import Logging
import PostgresNIO

extension PostgresGroundStore {
    @discardableResult
    package func recordEvent(_ event: DroneEventRecord) async throws(StoreError) -> EventRecordOutcome {
        // The agent re-sends from its outbox until the broker acks, so duplicates are normal.
        let inserted = try await query(
            "record event \(event.droneID)#\(event.eventSeq)",
            """
            INSERT INTO drone_events (drone_id, event_seq, kind, received_at, payload)
            VALUES (\(event.droneID), \(event.eventSeq), \(event.kind), \(event.receivedAt.timeIntervalSince1970), \(event.payload))
            ON CONFLICT (drone_id, event_seq) DO NOTHING RETURNING event_seq
            """)
        if inserted.count == 1 { return .stored }
        let rows = try await query(
            "read event \(event.droneID)#\(event.eventSeq)",
            """
            SELECT payload FROM drone_events WHERE drone_id = \(event.droneID) AND event_seq = \(event.eventSeq)
            """)
        let stored = try rows.first?.text("payload") ?? ""
        return stored == event.payload ? .duplicate : .conflicting(storedPayload: stored)
    }

    package func eventCount(droneID: String) async throws(StoreError) -> Int {
        let rows = try await query(
            "count events \(droneID)", "SELECT COUNT(*) AS n FROM drone_events WHERE drone_id = \(droneID)")
        return Int(try rows.first?.integer("n") ?? 0)
    }

    package func eventLogExtent(droneID: String) async throws(StoreError) -> (
        contiguousThrough: Int64, storedAbove: [Int64]
    ) {
        let rows = try await query(
            "event log extent \(droneID)",
            """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM drone_events WHERE drone_id = \(droneID) AND event_seq = 1)
                THEN (SELECT MIN(d.event_seq) FROM drone_events d WHERE d.drone_id = \(droneID) AND NOT EXISTS
                      (SELECT 1 FROM drone_events e WHERE e.drone_id = d.drone_id AND e.event_seq = d.event_seq + 1))
                ELSE 0 END AS through
            """)
        let through = try rows.first?.integer("through") ?? 0
        let above = try await query(
            "event log above \(droneID)",
            """
            SELECT event_seq FROM drone_events WHERE drone_id = \(droneID) AND event_seq > \(through) ORDER BY event_seq
            """)
        var stored: [Int64] = []
        for row in above { stored.append(try row.integer("event_seq")) }
        return (through, stored)
    }

    /// Rows per INSERT: 9 parameters each, far below PostgreSQL's 65535-parameter limit.
    static let telemetryRowsPerStatement = 1000

    @discardableResult
    package func insertTelemetry(_ samples: [TelemetrySample]) async throws(StoreError) -> Int {
        guard !samples.isEmpty else { return 0 }
        let interval = telemetryPolicy.sampleInterval
        let drones = Set(samples.map(\.droneID)).sorted()
        return try await transaction("insert \(samples.count) telemetry samples") { connection, logger in
            // Instances sharing the telemetry stream may write the same drone at once: per-drone
            // transaction locks, taken in id order, keep the downsampling read-then-insert consistent.
            try await connection.rows(
                """
                SELECT pg_advisory_xact_lock(\(AdvisoryLockKey.telemetryNamespace), h)
                FROM (SELECT DISTINCT hashtext(d) AS h FROM unnest(\(drones)::text[]) AS d ORDER BY h) AS locks
                """, logger: logger)
            var latest: [String: Double] = [:]
            for row in try await connection.rows(
                """
                SELECT drone_id, MAX(time) AS latest FROM telemetry_samples
                WHERE drone_id = ANY(\(drones)) GROUP BY drone_id
                """, logger: logger)
            {
                latest[try row.text("drone_id")] = try row.double("latest")
            }
            let kept = TelemetrySample.downsample(samples, latest: latest, interval: interval)
            var inserted = 0
            for start in stride(from: 0, to: kept.count, by: Self.telemetryRowsPerStatement) {
                let chunk = kept[start..<min(start + Self.telemetryRowsPerStatement, kept.count)]
                inserted += try await connection.rows(Self.insertQuery(chunk), logger: logger).count
            }
            return inserted
        }
    }

    package func telemetry(droneID: String, from: Date, to: Date) async throws(StoreError) -> [TelemetrySample] {
        try await query(
            "fetch telemetry \(droneID)",
            """
            SELECT * FROM telemetry_samples
            WHERE drone_id = \(droneID) AND time >= \(from.timeIntervalSince1970) AND time < \(to.timeIntervalSince1970)
            ORDER BY time
            """
        ).map { row throws(StoreError) in try TelemetrySample(row: row) }
    }

    @discardableResult
    package func pruneTelemetry(before cutoff: Date) async throws(StoreError) -> Int {
        let rows = try await query(
            "prune telemetry",
            """
            WITH deleted AS (DELETE FROM telemetry_samples WHERE time < \(cutoff.timeIntervalSince1970) RETURNING 1)
            SELECT COUNT(*) AS n FROM deleted
            """)
        return Int(try rows.first?.integer("n") ?? 0)
    }

    /// One multi-row INSERT; duplicates of a stored (drone, time) are skipped and not returned.
    static func insertQuery(_ samples: ArraySlice<TelemetrySample>) -> PostgresQuery {
        var binds = PostgresBindings(capacity: samples.count * TelemetrySample.columns.count)
        var tuples: [String] = []
        tuples.reserveCapacity(samples.count)
        for sample in samples {
            var marks: [String] = []
            for value in sample.columnValues {
                binds.append(value)
                marks.append("$\(binds.count)")
            }
            tuples.append("(\(marks.joined(separator: ", ")))")
        }
        let columns = TelemetrySample.columns.joined(separator: ", ")
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO telemetry_samples (\(columns)) VALUES \(tuples.joined(separator: ", "))
                ON CONFLICT (drone_id, time) DO NOTHING RETURNING drone_id
                """, binds: binds)
    }
}
