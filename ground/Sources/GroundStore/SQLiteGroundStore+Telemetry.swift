import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    @discardableResult
    package func recordEvent(_ event: DroneEventRecord) async throws(StoreError) -> EventRecordOutcome {
        try await write("record event \(event.droneID)#\(event.eventSeq)") { db in
            // The agent re-sends from its outbox until the broker acks, so duplicates are normal.
            try db.execute(
                sql:
                    "INSERT OR IGNORE INTO drone_events (drone_id, event_seq, kind, received_at, payload) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    event.droneID, event.eventSeq, event.kind, event.receivedAt.timeIntervalSince1970, event.payload,
                ]
            )
            if db.changesCount == 1 { return .stored }
            let stored =
                try String.fetchOne(
                    db, sql: "SELECT payload FROM drone_events WHERE drone_id = ? AND event_seq = ?",
                    arguments: [event.droneID, event.eventSeq]) ?? ""
            return stored == event.payload ? .duplicate : .conflicting(storedPayload: stored)
        }
    }

    package func eventCount(droneID: String) async throws(StoreError) -> Int {
        try await read("count events \(droneID)") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM drone_events WHERE drone_id = ?", arguments: [droneID]) ?? 0
        }
    }

    package func eventLogExtent(droneID: String) async throws(StoreError) -> (
        contiguousThrough: Int64, storedAbove: [Int64]
    ) {
        try await read("event log extent \(droneID)") { db in
            // The end of the first run from 1: the smallest stored eventSeq whose successor is missing (index
            // probes on the (drone_id, event_seq) key), or 0 when 1 itself is missing.
            let through =
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT CASE WHEN EXISTS (SELECT 1 FROM drone_events WHERE drone_id = ? AND event_seq = 1)
                            THEN (SELECT MIN(d.event_seq) FROM drone_events d WHERE d.drone_id = ? AND NOT EXISTS
                                  (SELECT 1 FROM drone_events e WHERE e.drone_id = d.drone_id AND e.event_seq = d.event_seq + 1))
                            ELSE 0 END
                        """, arguments: [droneID, droneID]) ?? 0
            let above = try Int64.fetchAll(
                db, sql: "SELECT event_seq FROM drone_events WHERE drone_id = ? AND event_seq > ? ORDER BY event_seq",
                arguments: [droneID, through])
            return (through, above)
        }
    }

    /// Rows per multi-row telemetry insert (9 parameters each, well within SQLite's limit).
    static let telemetryInsertRows = 32

    /// Stores the samples the downsampling keeps. Each drone's newest stored time is read once (then
    /// remembered in ``telemetryLatest``, kept up to date by each committed insert), not per batch: at
    /// thousands of drones that read was one query per drone per batch.
    @discardableResult
    package func insertTelemetry(_ samples: [TelemetrySample]) async throws(StoreError) -> Int {
        guard !samples.isEmpty else { return 0 }
        let interval = telemetryPolicy.sampleInterval
        let columns = TelemetrySample.columns.joined(separator: ", ")
        let marks = TelemetrySample.columns.map { _ in "?" }.joined(separator: ", ")
        let (kept, newest) = try await write("insert \(samples.count) telemetry samples") { db in
            let drones = Set(samples.map(\.droneID))
            var latest: [String: Double] = [:]
            self.telemetryLatest.withLock { known in
                for drone in drones { latest[drone] = known[drone] }
            }
            let latestStatement = try db.cachedStatement(
                sql: "SELECT MAX(time) FROM telemetry_samples WHERE drone_id = ?")
            for drone in drones where latest[drone] == nil {
                latest[drone] = try Double.fetchOne(latestStatement, arguments: [drone])
            }
            // Rows go in by ``telemetryInsertRows`` per statement: building a statement's arguments and
            // running it costs about as much per call as per row, at thousands of rows a second.
            let rows = Self.telemetryInsertRows
            let insertMany = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO telemetry_samples (\(columns)) VALUES "
                    + Array(repeating: "(\(marks))", count: rows).joined(separator: ", "))
            let insertOne = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO telemetry_samples (\(columns)) VALUES (\(marks))")
            let toStore = TelemetrySample.downsample(samples, latest: latest, interval: interval)
            var stored = 0
            var rest = toStore[...]
            while !rest.isEmpty {
                let many = rest.count >= rows
                let part = rest.prefix(many ? rows : 1)
                try (many ? insertMany : insertOne).execute(
                    arguments: StatementArguments(part.flatMap { $0.columnValues.map(\.databaseValue) }))
                stored += db.changesCount
                rest = rest.dropFirst(part.count)
            }
            for sample in toStore {
                let time = sample.time.timeIntervalSince1970
                if latest[sample.droneID].map({ time > $0 }) ?? true { latest[sample.droneID] = time }
            }
            return (stored, latest)
        }
        // Committed: what it stored (or found stored) is now each drone's newest time.
        telemetryLatest.withLock { known in
            known.merge(newest) { max($0, $1) }
        }
        return kept
    }

    package func telemetry(droneID: String, from: Date, to: Date) async throws(StoreError) -> [TelemetrySample] {
        try await read("fetch telemetry \(droneID)") { db in
            try Self.fetchAll(
                db, sql: "SELECT * FROM telemetry_samples WHERE drone_id = ? AND time >= ? AND time < ? ORDER BY time",
                arguments: [droneID, from.timeIntervalSince1970, to.timeIntervalSince1970]
            ) { row in try TelemetrySample(row: row) }
        }
    }

    @discardableResult
    package func pruneTelemetry(before cutoff: Date) async throws(StoreError) -> Int {
        let pruned = try await write("prune telemetry") { db in
            try db.execute(
                sql: "DELETE FROM telemetry_samples WHERE time < ?", arguments: [cutoff.timeIntervalSince1970])
            return db.changesCount
        }
        // A drone may have lost its newest rows: read them again.
        if pruned > 0 { telemetryLatest.withLock { $0.removeAll() } }
        return pruned
    }
}
