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
        try await createPartitions(for: samples)
        // Only a stored sample at most one interval before the batch's oldest can hold a sample back:
        // bounding the look-back prunes the read to the batch's day partitions.
        let lookBack = (samples.map(\.time).min() ?? Date()).timeIntervalSince1970 - max(interval, 0)
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
                WHERE drone_id = ANY(\(drones)) AND time >= \(lookBack) GROUP BY drone_id
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

    /// Drops every day partition wholly before `cutoff` (counting its rows first), then deletes the
    /// older rows of the one partition the cutoff falls in (found through its BRIN index on time).
    @discardableResult
    package func pruneTelemetry(before cutoff: Date) async throws(StoreError) -> Int {
        let limit = cutoff.timeIntervalSince1970
        var deleted = 0
        for partition in try await telemetryPartitions() where partition.end <= limit {
            let table = "\"\(partition.name)\""
            deleted += try await transaction("drop telemetry partition \(partition.name)") { connection, logger in
                let rows = try await connection.rows(
                    PostgresQuery(unsafeSQL: "SELECT COUNT(*) AS n FROM \(table)"), logger: logger)
                let count = Int(try rows.first?.integer("n") ?? 0)
                try await connection.rows(PostgresQuery(unsafeSQL: "DROP TABLE \(table)"), logger: logger)
                return count
            }
        }
        let rows = try await query(
            "prune telemetry",
            """
            WITH deleted AS (DELETE FROM telemetry_samples WHERE time < \(limit) RETURNING 1)
            SELECT COUNT(*) AS n FROM deleted
            """)
        return deleted + Int(try rows.first?.integer("n") ?? 0)
    }

    /// The day partitions of `telemetry_samples` (named `telemetry_samples_YYYYMMDD`) with the end of
    /// their range in seconds since 1970.
    package func telemetryPartitions() async throws(StoreError) -> [(name: String, end: Double)] {
        try await query(
            "list telemetry partitions",
            """
            SELECT c.relname AS name,
                   EXTRACT(EPOCH FROM to_date(right(c.relname, 8), 'YYYYMMDD'))::DOUBLE PRECISION + 86400 AS day_end
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'telemetry_samples'::regclass
            ORDER BY c.relname
            """
        ).map { row throws(StoreError) in (try row.text("name"), try row.double("day_end")) }
    }

    /// Creates the day partitions `samples` fall in that do not exist yet, each in its own short
    /// statement before the insert's transaction (creating a partition locks the parent table).
    func createPartitions(for samples: [TelemetrySample]) async throws(StoreError) {
        let days = Set(samples.map { Int64((($0.time.timeIntervalSince1970) / 86_400).rounded(.down)) }).sorted()
        _ = try await query(
            "create telemetry partitions \(days)",
            "SELECT skyrelay_telemetry_partition(day) AS name FROM unnest(\(days)::BIGINT[]) AS day")
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
