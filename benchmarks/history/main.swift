import ArgumentParser
import Foundation
import GroundCore
import GroundStore
import Logging
import PostgresNIO

/// Telemetry history on PostgreSQL at fleet scale: a database migrated by ground's own store (day
/// partitions), filled straight in SQL with `generate_series` (days × drones × samples every
/// `interval` s, in time order as ingest writes them), then measured through the store's own code:
/// reading one flight's track, and inserting ingest-sized batches. Each figure beside its ceiling in
/// the same run (the bare SQL of the same read; the server-side bulk insert of the fill). Prints one
/// JSON object; benchmarks/history/run.py writes docs/benchmarks.md.
@main
struct HistoryBench: AsyncParsableCommand {
    @Option(help: "postgres:// URL of an empty database") var url: String
    @Option(help: "drones") var drones = 10_000
    @Option(help: "days of history before today (one partition each)") var days = 30
    @Option(help: "minutes each drone flies per day (its samples every --interval s)") var minutes = 5.0
    @Option(help: "seconds between stored samples (ground's --telemetry-interval)") var interval = 5.0
    @Option(help: "minutes of the flight whose track is read") var flightMinutes = 5.0
    @Option(help: "tracks read (each of another drone)") var reads = 50
    @Option(help: "ingest-sized batches inserted through the store") var batches = 100
    @Option(help: "samples per inserted batch (ground's ingest batch)") var batchSize = 512

    func run() async throws {
        let settings = try PostgresConnectionSettings(url: url)
        let policy = TelemetryRetentionPolicy(sampleInterval: interval, retention: Double(days + 2) * 86_400)
        let store = try await PostgresGroundStore(
            settings: settings, telemetryPolicy: policy, logger: Logger(label: "history-bench"))
        let client = PostgresClient(
            configuration: .init(
                host: settings.host, port: settings.port, username: settings.username, password: settings.password,
                database: settings.database, tls: .disable))
        let runner = Task { await client.run() }
        defer { runner.cancel() }
        let today = (Date().timeIntervalSince1970 / 86_400).rounded(.down)
        let firstDay = Int64(today) - Int64(days)
        var report: [String: Double] = [
            "drones": Double(drones), "days": Double(days), "minutes": minutes, "interval": interval,
        ]

        // Fill: each drone flies `minutes` from 10:00 UTC every day, rows in time order.
        let perDay = Int((minutes * 60 / interval).rounded(.down))
        var fillSeconds = 0.0
        for day in firstDay..<(firstDay + Int64(days)) {
            let start = Double(day) * 86_400 + 36_000
            _ = try await client.query("SELECT skyrelay_telemetry_partition(\(day))").collect()
            let clock = ContinuousClock.now
            _ = try await client.query(
                """
                INSERT INTO telemetry_samples (drone_id, time, lat, lon, alt, battery, ground_speed, heading)
                SELECT 'drone-' || lpad(d::text, 5, '0'), \(start) + s * \(interval),
                       47.3 + d * 1e-5 + s * 1e-5, 8.5 + s * 1e-5, 500 + (s % 50), 100 - s * 0.01, 12.5, (d + s) % 360
                FROM generate_series(0, \(perDay - 1)) AS s, generate_series(0, \(drones - 1)) AS d
                ORDER BY s, d
                """
            ).collect()
            fillSeconds += (ContinuousClock.now - clock).inSeconds
        }
        _ = try await client.query("ANALYZE telemetry_samples").collect()
        let rows = Double(perDay * drones * days)
        report["rows"] = rows
        report["fill_us_per_row"] = fillSeconds / rows * 1e6

        // Storage: every partition's heap, keys and BRIN against the bare column bytes.
        let sizes = try await client.query(
            """
            SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::BIGINT AS total,
                   COALESCE(SUM(pg_indexes_size(c.oid)), 0)::BIGINT AS indexes
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'telemetry_samples'::regclass
            """
        ).collect()
        let (total, indexes) = try sizes[0].decode((Int64, Int64).self)
        report["bytes_per_row"] = Double(total) / rows
        report["index_bytes_per_row"] = Double(indexes) / rows
        report["partitions"] = Double(try await store.telemetryPartitions().count)

        // One flight's track, yesterday's, of drones spread over the fleet: through the store, and
        // the same SELECT as bare SQL (the ceiling), each drone read first by one then the other.
        let yesterday = Double(firstDay + Int64(days) - 1) * 86_400 + 36_000
        let from = Date(timeIntervalSince1970: yesterday)
        let to = from.addingTimeInterval(min(flightMinutes, minutes) * 60)
        var storeMs: [Double] = []
        var bareMs: [Double] = []
        var samples = 0
        for read in 0..<reads {
            let drone = "drone-" + String(format: "%05d", (read * 7_919) % drones)
            var clock = ContinuousClock.now
            let track = try await store.telemetry(droneID: drone, from: from, to: to)
            storeMs.append((ContinuousClock.now - clock).inSeconds * 1000)
            samples = track.count
            clock = ContinuousClock.now
            _ = try await client.query(
                """
                SELECT * FROM telemetry_samples WHERE drone_id = \(drone)
                AND time >= \(from.timeIntervalSince1970) AND time < \(to.timeIntervalSince1970) ORDER BY time
                """
            ).collect()
            bareMs.append((ContinuousClock.now - clock).inSeconds * 1000)
        }
        report["track_samples"] = Double(samples)
        report["read_store_p50_ms"] = percentile(storeMs, 0.5)
        report["read_store_p99_ms"] = percentile(storeMs, 0.99)
        report["read_store_max_ms"] = storeMs.max() ?? 0
        report["read_bare_p50_ms"] = percentile(bareMs, 0.5)
        report["read_bare_p99_ms"] = percentile(bareMs, 0.99)

        // Insert: batches as ingest hands them over (one sample per drone, drones in turn, 1 s apart)
        // into today's partition, through the store (partition check, per-drone locks, look-back
        // read, downsampling, multi-row INSERT).
        let now = Date()
        var inserted = 0
        let clock = ContinuousClock.now
        for batch in 0..<batches {
            let time = now.addingTimeInterval(Double(batch * batchSize / drones))
            let samples = (0..<batchSize).map { i in
                TelemetrySample(
                    droneID: "drone-" + String(format: "%05d", (batch * batchSize + i) % drones), time: time,
                    lat: 47.3, lon: 8.5, alt: 500, batteryPercent: 80, groundSpeed: 12, heading: 90)
            }
            inserted += try await store.insertTelemetry(samples)
        }
        let insertSeconds = (ContinuousClock.now - clock).inSeconds
        report["insert_us_per_sample"] = insertSeconds / Double(batches * batchSize) * 1e6
        report["insert_kept"] = Double(inserted)
        report["insert_offered"] = Double(batches * batchSize)
        await store.close()
        let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }
}

extension Duration {
    var inSeconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
