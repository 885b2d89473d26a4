import Foundation
import Logging
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// PostgreSQL's telemetry history partitioned by UTC day (migration `v12-telemetry-partitions`): rows
/// of an older database move into day partitions, inserts create the partitions they need (once, also
/// when two instances insert together), and retention drops whole days. On a real PostgreSQL server.
@Suite("Telemetry partitions")
struct TelemetryPartitionTests {
    static let migration = "v12-telemetry-partitions"
    /// Midnight UTC of a day in 2026.
    static let day0 = Date(timeIntervalSince1970: (1_780_000_000 / 86_400).rounded(.down) * 86_400)

    static func sample(_ drone: String, day: Int, second: Double) -> TelemetrySample {
        TelemetrySample(
            droneID: drone, time: day0.addingTimeInterval(Double(day) * 86_400 + second), lat: 47, lon: 8, alt: 500,
            batteryPercent: 80)
    }

    /// `telemetry_samples_YYYYMMDD` of the day `day` days after ``day0``.
    static func partition(_ day: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: day0.addingTimeInterval(Double(day) * 86_400))
        return String(format: "telemetry_samples_%04d%02d%02d", parts.year!, parts.month!, parts.day!)
    }

    /// Which partition holds each stored row, by time offset from ``day0``.
    static func placement(_ store: PostgresGroundStore) async throws -> [Double: String] {
        var placed: [Double: String] = [:]
        for row in try await store.query(
            "placement", "SELECT tableoid::regclass::text AS part, time FROM telemetry_samples")
        {
            placed[try row.double("time") - day0.timeIntervalSince1970] = try row.text("part")
        }
        return placed
    }

    @Test func movesStoredTelemetryIntoDayPartitions() async throws {
        let server = try await PostgresServer.shared()
        let url = try await server.createDatabase(prefix: "partitions")
        let settings = try PostgresConnectionSettings(url: url)
        let index = try #require(GroundSchema.migrationNames.firstIndex(of: Self.migration))
        // A database of the release before: the plain table, with rows of two days.
        let old = try await PostgresGroundStore(
            settings: settings, telemetryPolicy: .default, logger: Logger(label: "test"),
            migratingUpTo: GroundSchema.migrationNames[index - 1])
        for (day, second) in [(0, 10.0), (0, 20.0), (1, 5.0)] {
            let time = Self.day0.timeIntervalSince1970 + Double(day) * 86_400 + second
            _ = try await old.query(
                "seed",
                "INSERT INTO telemetry_samples (drone_id, time, lat, lon, alt) VALUES ('d1', \(time), 47, 8, 500)")
        }
        await old.close()

        let store = try await PostgresGroundStore(settings: settings)
        #expect(try await store.appliedMigrations() == GroundSchema.migrationNames)
        #expect(try await store.telemetryPartitions().map(\.name) == [Self.partition(0), Self.partition(1)])
        #expect(
            try await Self.placement(store) == [
                10: Self.partition(0), 20: Self.partition(0), 86_405: Self.partition(1),
            ])
        let track = try await store.telemetry(droneID: "d1", from: .distantPast, to: .distantFuture)
        #expect(track.map { $0.time.timeIntervalSince(Self.day0) } == [10, 20, 86_405])
        await store.close()
    }

    @Test func insertsCreateTheirDayPartitionsOnceAcrossInstances() async throws {
        let fixture = try await StoreBackend.postgres.makeFixture(
            policy: TelemetryRetentionPolicy(sampleInterval: 0, retention: 3600))
        let first = try #require(fixture.store as? PostgresGroundStore)
        let second = try #require(try await fixture.reopen() as? PostgresGroundStore)
        // Two instances write the first samples of the same new days at once.
        async let a = first.insertTelemetry((0..<50).map { Self.sample("a", day: $0 % 2, second: Double($0)) })
        async let b = second.insertTelemetry((0..<50).map { Self.sample("b", day: $0 % 2, second: Double($0)) })
        let inserted = try await a + b
        #expect(inserted == 100)
        #expect(try await first.telemetryPartitions().map(\.name) == [Self.partition(0), Self.partition(1)])
        let placed = try await Self.placement(first)
        #expect(placed.filter { $0.key < 86_400 }.values.allSatisfy { $0 == Self.partition(0) })
        #expect(placed.filter { $0.key >= 86_400 }.values.allSatisfy { $0 == Self.partition(1) })
        try await second.close()
        await fixture.close()
    }

    @Test func retentionDropsWholeDaysAndTrimsTheDayOfTheCutoff() async throws {
        let fixture = try await StoreBackend.postgres.makeFixture(
            policy: TelemetryRetentionPolicy(sampleInterval: 0, retention: 2 * 86_400))
        let store = try #require(fixture.store as? PostgresGroundStore)
        let samples = [
            Self.sample("a", day: 0, second: 10), Self.sample("a", day: 1, second: 10),
            Self.sample("a", day: 2, second: 10), Self.sample("a", day: 2, second: 50),
            Self.sample("b", day: 0, second: 99),
        ]
        #expect(try await store.insertTelemetry(samples) == 5)
        #expect(try await store.telemetryPartitions().count == 3)
        // The cutoff (now − 2 days) falls 30 s into day 2: days 0 and 1 go whole, day 2 loses one row.
        let now = Self.day0.addingTimeInterval(4 * 86_400 + 30)
        #expect(try await store.applyRetention(now: now) == 4)
        #expect(try await store.telemetryPartitions().map(\.name) == [Self.partition(2)])
        let left = try await store.telemetry(droneID: "a", from: .distantPast, to: .distantFuture)
        #expect(left.map { $0.time.timeIntervalSince(Self.day0) } == [2 * 86_400 + 50])
        // Nothing more to prune; a sample of a new day creates its partition.
        #expect(try await store.applyRetention(now: now) == 0)
        #expect(try await store.insertTelemetry([Self.sample("b", day: 3, second: 1)]) == 1)
        #expect(try await store.telemetryPartitions().map(\.name) == [Self.partition(2), Self.partition(3)])
        await fixture.close()
    }
}
