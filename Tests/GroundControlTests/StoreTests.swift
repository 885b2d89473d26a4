import FleetProtocol
import Foundation
import Logging
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// The store contract, run against both stores: SQLite files and a real PostgreSQL server.
@Suite("Ground store")
struct StoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    static func business(_ id: String = "b1") -> Business {
        Business(id: id, name: "Shop \(id)", apiKeyHash: "hash-\(id)", createdAt: t0)
    }

    static func delivery(_ id: String, business: String = "b1", at offset: Double = 0) -> Delivery {
        Delivery(
            id: id, businessID: business, pickup: GeoPoint(lat: 47.1, lon: 8.5),
            dropoff: GeoPoint(lat: 47.2, lon: 8.6), weightKg: 1.2, size: .small,
            window: DeliveryWindow(start: t0, end: t0.addingTimeInterval(3600)),
            createdAt: t0.addingTimeInterval(offset)
        )
    }

    @Test(arguments: StoreBackend.allCases)
    func roundTripsBusinessesAndDeliveriesWithHistory(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        try await store.insertBusiness(Self.business())
        #expect(try await store.business(apiKeyHash: "hash-b1")?.name == "Shop b1")
        #expect(try await store.business(id: "nope") == nil)

        var d = Self.delivery("d1")
        try await store.insertDelivery(d)
        try d.transition(to: .scheduled, at: Self.t0.addingTimeInterval(10))
        d.assignedDroneID = "drone-1"
        d.initialETADropoff = Self.t0.addingTimeInterval(900)
        d.rejectedBy = ["drone-0"]
        d.pinnedDroneID = "drone-1"
        try await store.updateDelivery(
            d,
            change: DeliveryStatusChange(
                deliveryID: "d1", from: .requested, to: .scheduled, reason: nil, at: Self.t0.addingTimeInterval(10)))

        let loaded = try #require(try await store.delivery(id: "d1"))
        d.version += 1
        #expect(loaded == d, "the compare-and-set bumped the version")
        let history = try await store.history(deliveryID: "d1")
        #expect(history.map(\.to) == [.requested, .scheduled])
        #expect(history.last?.from == .requested)
        await fixture.close()
    }

    @Test(arguments: StoreBackend.allCases)
    func refusesDeliveryOfUnknownBusinessWithConstraintError(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        do {
            try await store.insertDelivery(Self.delivery("d1", business: "ghost"))
            Issue.record("insert should fail")
        } catch {
            #expect(error.kind == .constraint)
            #expect(error.sql?.contains("INSERT INTO deliveries") == true)
        }
        await #expect(throws: StoreError.self) { try await store.updateDelivery(Self.delivery("missing"), change: nil) }
        await fixture.close()
    }

    static func succeeded(_ outcome: GroupCommit<Booking>.Outcome) -> Bool {
        if case .success = outcome { true } else { false }
    }

    @Test(arguments: StoreBackend.allCases)
    func concurrentBookingsCommitTogetherAndARefusedOneFailsAlone(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        try await store.insertBusiness(Self.business())
        // Written at once: those arriving while one commits go together in the next commit.
        let ids = (0..<60).map { "d\($0)" }
        let refused = try await withThrowingTaskGroup(of: String?.self) { group in
            for (index, id) in ids.enumerated() {
                group.addTask {
                    do {
                        try await store.insertDelivery(
                            Self.delivery(id, business: index.isMultiple(of: 20) ? "ghost" : "b1", at: Double(index)))
                        return nil
                    } catch let error as StoreError {
                        #expect(error.kind == .constraint)
                        return id
                    }
                }
            }
            return try await group.reduce(into: Set<String>()) { if let id = $1 { $0.insert(id) } }
        }
        #expect(refused == ["d0", "d20", "d40"])
        for id in ids {
            let row = try await store.delivery(id: id)
            #expect((row == nil) == refused.contains(id), "\(id)")
            let history = try await store.history(deliveryID: id)
            #expect(history.map(\.to) == (refused.contains(id) ? [] : [.requested]), "\(id)")
        }
        // PostgreSQL: one statement for a batch; refused as a whole for its one bad row, then row by row.
        if let postgres = store as? PostgresGroundStore {
            let batch = (0..<5).map { index in
                let delivery = Self.delivery("p\(index)", business: index == 3 ? "ghost" : "b1")
                return Booking(
                    delivery: delivery,
                    change: DeliveryStatusChange(
                        deliveryID: delivery.id, from: nil, to: .requested, reason: nil, at: delivery.createdAt))
            }
            let outcomes = await PostgresGroundStore.insert(batch, client: postgres.client, logger: postgres.logger)
            #expect(outcomes.map(Self.succeeded) == [true, true, true, false, true])
            // Rows already written: the batch is refused, and then each of them.
            let again = await PostgresGroundStore.insert(
                Array(batch[0..<3]), client: postgres.client, logger: postgres.logger)
            #expect(again.map(Self.succeeded) == [false, false, false])
            for (index, booking) in batch.enumerated() {
                let history = try await store.history(deliveryID: booking.delivery.id)
                #expect(history.map(\.to) == (index == 3 ? [] : [.requested]))
            }
            let more = (5..<9).map { index in
                let delivery = Self.delivery("p\(index)")
                return Booking(
                    delivery: delivery,
                    change: DeliveryStatusChange(
                        deliveryID: delivery.id, from: nil, to: .requested, reason: nil, at: delivery.createdAt))
            }
            let together = await PostgresGroundStore.insert(more, client: postgres.client, logger: postgres.logger)
            #expect(together.allSatisfy(Self.succeeded))
            for booking in more {
                #expect(try await store.delivery(id: booking.delivery.id) == booking.delivery)
                #expect(try await store.history(deliveryID: booking.delivery.id).map(\.to) == [.requested])
            }
        }
        await fixture.close()
    }

    @Test(arguments: StoreBackend.allCases)
    func listsWithFiltersAndKeysetPagination(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        try await store.insertBusiness(Self.business("b1"))
        try await store.insertBusiness(Self.business("b2"))
        for i in 0..<7 {
            var d = Self.delivery("d\(i)", at: Double(i))
            if i.isMultiple(of: 2) { try d.transition(to: .scheduled, at: d.createdAt) }
            try await store.insertDelivery(d)
        }
        try await store.insertDelivery(Self.delivery("other", business: "b2", at: 3))

        var seen: [String] = []
        var cursor: DeliveryCursor?
        repeat {
            let page = try await store.deliveries(DeliveryQuery(businessID: "b1", limit: 3, after: cursor))
            seen += page.items.map(\.id)
            cursor = page.next
        } while cursor != nil
        #expect(seen == (0..<7).map { "d\($0)" })

        let scheduled = try await store.deliveries(DeliveryQuery(businessID: "b1", statuses: [.scheduled]))
        #expect(scheduled.items.map(\.id) == ["d0", "d2", "d4", "d6"])
        let window = try await store.deliveries(
            DeliveryQuery(
                businessID: "b1", from: Self.t0.addingTimeInterval(2), to: Self.t0.addingTimeInterval(4)))
        #expect(window.items.map(\.id) == ["d2", "d3"])
        #expect(try await store.deliveries(DeliveryQuery(businessID: "b2")).items.map(\.id) == ["other"])
        #expect(try await store.activeDeliveries().count == 8)
        #expect(
            try await store.analyticsDeliveries(from: Self.t0, to: Self.t0.addingTimeInterval(1)).map(\.id) == ["d0"])
        await fixture.close()
    }

    /// What a round reads: versions of the active rows in order, then only the rows it lacks.
    @Test(arguments: StoreBackend.allCases)
    func activeVersionsFollowEveryWriteAndRowsReadByID(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        try await store.insertBusiness(Self.business("b1"))
        for i in 0..<4 { try await store.insertDelivery(Self.delivery("v\(i)", at: Double(i))) }
        let first = try await store.activeDeliveryVersions()
        #expect(first.map(\.id) == ["v0", "v1", "v2", "v3"])

        var moved = try #require(try await store.delivery(id: "v1"))
        moved.reason = "no drone available"
        try await store.updateDelivery(moved, change: nil)
        var ended = try #require(try await store.delivery(id: "v2"))
        try ended.transition(to: .cancelled, reason: "cancelled by customer", at: Self.t0.addingTimeInterval(9))
        try await store.updateDelivery(ended, change: nil)

        let second = try await store.activeDeliveryVersions()
        #expect(second.map(\.id) == ["v0", "v1", "v3"], "a terminal delivery leaves the list")
        let before = Dictionary(uniqueKeysWithValues: first.map { ($0.id, $0.version) })
        #expect(second.filter { before[$0.id] != $0.version }.map(\.id) == ["v1"], "only the written row moved")

        let read = try await store.deliveries(ids: ["v3", "v1", "nope"])
        #expect(Set(read.map(\.id)) == ["v1", "v3"])
        #expect(read.first { $0.id == "v1" }?.reason == "no drone available")
        #expect(read.first { $0.id == "v1" }?.version == second.first { $0.id == "v1" }?.version)
        #expect(try await store.deliveries(ids: []).isEmpty)
        // More ids than one statement binds.
        let many = (0..<450).map { "v\($0 % 4)" } + (0..<10).map { "missing-\($0)" }
        #expect(Set(try await store.deliveries(ids: many).map(\.id)) == ["v0", "v1", "v2", "v3"])
        await fixture.close()
    }

    @Test(arguments: StoreBackend.allCases)
    func eventLogExtentFindsTheFirstHole(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        func event(_ drone: String, _ seq: Int64) -> DroneEventRecord {
            DroneEventRecord(
                droneID: drone, eventSeq: seq, kind: "phase", receivedAt: Self.t0, payload: "{\"s\":\(seq)}")
        }
        for seq: Int64 in [1, 2, 3, 5, 6, 9] { try await store.recordEvent(event("holey", seq)) }
        for seq: Int64 in [2, 3] { try await store.recordEvent(event("no-first", seq)) }
        for seq: Int64 in [1, 2] { try await store.recordEvent(event("whole", seq)) }
        let holey = try await store.eventLogExtent(droneID: "holey")
        #expect(holey.contiguousThrough == 3 && holey.storedAbove == [5, 6, 9])
        let noFirst = try await store.eventLogExtent(droneID: "no-first")
        #expect(noFirst.contiguousThrough == 0 && noFirst.storedAbove == [2, 3])
        let whole = try await store.eventLogExtent(droneID: "whole")
        #expect(whole.contiguousThrough == 2 && whole.storedAbove.isEmpty)
        let unknown = try await store.eventLogExtent(droneID: "nobody")
        #expect(unknown.contiguousThrough == 0 && unknown.storedAbove.isEmpty)
        await fixture.close()
    }

    @Test(arguments: StoreBackend.allCases)
    func deduplicatesEventsByDroneAndSequence(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        let event = DroneEventRecord(droneID: "dr1", eventSeq: 7, kind: "phase", receivedAt: Self.t0, payload: "{}")
        #expect(try await store.recordEvent(event) == .stored)
        #expect(try await store.recordEvent(event) == .duplicate)
        #expect(
            try await store.recordEvent(
                DroneEventRecord(droneID: "dr2", eventSeq: 7, kind: "phase", receivedAt: Self.t0, payload: "{}"))
                == .stored)
        // Another event under a stored number is refused and reported with what was kept.
        let other = DroneEventRecord(
            droneID: "dr1", eventSeq: 7, kind: "phase", receivedAt: Self.t0, payload: #"{"other":1}"#)
        #expect(try await store.recordEvent(other) == .conflicting(storedPayload: "{}"))
        #expect(try await store.eventCount(droneID: "dr1") == 1)
        await fixture.close()
    }

    @Test(arguments: StoreBackend.allCases)
    func downsamplesTelemetryAcrossBatchesAndAppliesRetention(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture(
            policy: TelemetryRetentionPolicy(sampleInterval: 5, retention: 3600))
        let store = fixture.store
        func sample(_ drone: String, _ second: Double) -> TelemetrySample {
            TelemetrySample(
                droneID: drone, time: Self.t0.addingTimeInterval(second), lat: 47, lon: 8, alt: 500, batteryPercent: 90)
        }
        // 10 Hz for 20 s from two drones, shuffled: 1 kept per 5 s each.
        let batch = (0..<200).flatMap { i in [sample("a", Double(i) / 10), sample("b", Double(i) / 10)] }.shuffled()
        #expect(try await store.insertTelemetry(batch) == 8)
        // The next batch continues the spacing from what is stored.
        #expect(try await store.insertTelemetry([sample("a", 22), sample("a", 25.5)]) == 1)
        let kept = try await store.telemetry(droneID: "a", from: Self.t0, to: Self.t0.addingTimeInterval(100))
        #expect(kept.map { $0.time.timeIntervalSince(Self.t0) } == [0, 5, 10, 15, 22])

        // A late sample older than what is stored for its drone adds nothing to the history.
        #expect(try await store.insertTelemetry([sample("a", 1)]) == 0)
        try await store.insertTelemetry([sample("old", -7200)])
        #expect(try await store.applyRetention(now: Self.t0.addingTimeInterval(60)) == 1)
        #expect(try await store.telemetry(droneID: "old", from: .distantPast, to: .distantFuture).isEmpty)
        #expect(try await store.telemetry(droneID: "a", from: .distantPast, to: .distantFuture).count == 5)
        await fixture.close()
    }

    /// Instances sharing the telemetry stream commit their batches in any order: with no
    /// downsampling every sample is stored once, also one older than the newest stored.
    @Test(arguments: StoreBackend.allCases)
    func keepsLateSamplesWhenNotDownsampling(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture(
            policy: TelemetryRetentionPolicy(sampleInterval: 0, retention: 3600))
        let store = fixture.store
        func sample(_ offset: Double) -> TelemetrySample {
            TelemetrySample(droneID: "d1", time: Self.t0.addingTimeInterval(offset), lat: 47, lon: 8, alt: 500)
        }
        #expect(try await store.insertTelemetry([sample(10), sample(11)]) == 2)
        #expect(try await store.insertTelemetry([sample(5), sample(10)]) == 1)
        let stored = try await store.telemetry(droneID: "d1", from: .distantPast, to: .distantFuture)
        #expect(stored.map { $0.time.timeIntervalSince(Self.t0) } == [5, 10, 11])
        await fixture.close()
    }

    // One store at a time: the two cases compete for the same 2 cores.
    @Test(.serialized, arguments: StoreBackend.allCases)
    func storesTwentyThousandSamplesInBatches(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture(
            policy: TelemetryRetentionPolicy(sampleInterval: 0, retention: 3600))
        let store = fixture.store
        let samples = (0..<20_000).map { i in
            TelemetrySample(
                droneID: "d\(i % 100)", time: Self.t0.addingTimeInterval(Double(i / 100)), lat: 47, lon: 8, alt: 500)
        }
        var kept = 0
        for chunk in stride(from: 0, to: samples.count, by: 1000) {
            kept += try await store.insertTelemetry(Array(samples[chunk..<(chunk + 1000)]))
        }
        // Throughput is measured by benchmarks/ingest (docs/benchmarks.md), not timed here: a shared
        // CI host's load would decide such a test, not the code.
        #expect(kept == 20_000)
        let one = try await store.telemetry(droneID: "d7", from: Self.t0, to: Self.t0.addingTimeInterval(1000))
        #expect(one.count == 200)
        #expect(one.map(\.time) == (0..<200).map { Self.t0.addingTimeInterval(Double($0)) })
        await fixture.close()
    }

    @Test(arguments: StoreBackend.allCases)
    func migratesAnOlderDatabaseAndSurvivesReopen(_ backend: StoreBackend) async throws {
        // A database from an older release: only the first migration applied.
        let fixture = try await backend.makeFixture(upTo: "v1-core")
        let store = fixture.store
        try await store.insertBusiness(Self.business("old"))
        #expect(try await store.appliedMigrations() == GroundSchema.migrationNames)
        try await store.insertDelivery(Self.delivery("d1", business: "old"))
        try await store.insertTelemetry([TelemetrySample(droneID: "x", time: Self.t0, lat: 1, lon: 2, alt: 3)])
        try await store.upsertDrone(
            DroneRecord(id: "x", lastState: "{}", home: GeoPoint(lat: 1, lon: 2), lastSeen: Self.t0, online: true))
        try await store.upsertDrone(
            DroneRecord(
                id: "x", lastState: "{\"v\":1}", home: GeoPoint(lat: 1, lon: 2), lastSeen: Self.t0, online: true))
        try await store.close()

        let reopened = try await fixture.reopen()
        #expect(try await reopened.delivery(id: "d1")?.businessID == "old")
        #expect(try await reopened.drone(id: "x")?.online == true)
        #expect(try await reopened.drone(id: "x")?.lastState == "{\"v\":1}")
        #expect(try await reopened.drones().map(\.id) == ["x"])
        #expect(try await reopened.telemetry(droneID: "x", from: .distantPast, to: .distantFuture).count == 1)
        #expect(try await reopened.appliedMigrations() == GroundSchema.migrationNames)
        try await reopened.close()
        fixture.directory?.remove()
    }

    @Test func reportsUnopenableFileAsTypedError() async throws {
        #expect(throws: StoreError.self) { try SQLiteGroundStore(path: "/proc/definitely/not/here.sqlite") }
    }

    @Test func reportsUnreachablePostgresAsOpenError() async throws {
        let port = try FreePort.next()
        do {
            _ = try await DatabaseLocation("postgres://nobody@127.0.0.1:\(port)/none?sslmode=disable")
                .open(telemetryPolicy: .default, logger: Logger(label: "test"))
            Issue.record("open should fail")
        } catch {
            #expect(error.kind == .open)
            #expect(error.operation.contains("127.0.0.1:\(port)"))
        }
    }

    @Test func parsesDatabaseLocations() throws {
        #expect(try DatabaseLocation("ground.sqlite") == .sqlite(path: "ground.sqlite"))
        let url = try DatabaseLocation("postgresql://ground:s%40cret@db.internal:6432/skyrelay?sslmode=require")
        #expect(
            url
                == .postgres(
                    PostgresConnectionSettings(
                        host: "db.internal", port: 6432, username: "ground", password: "s@cret", database: "skyrelay",
                        tls: .require)))
        for bad in ["postgres://db/x", "postgres://u@db", "postgres://u@db/x?sslmode=maybe"] {
            #expect(throws: StoreError.self, "\(bad)") { try DatabaseLocation(bad) }
        }
    }
}

@Suite("Telemetry retention service")
struct TelemetryRetentionServiceTests {
    @Test(arguments: StoreBackend.allCases)
    func prunesOldSamplesPeriodically(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture(policy: TelemetryRetentionPolicy(sampleInterval: 0, retention: 60))
        let store = fixture.store
        let now = Date()
        try await store.insertTelemetry([TelemetrySample(droneID: "a", time: now, lat: 1, lon: 1, alt: 1)])
        let service = TelemetryRetentionService(store: store, interval: .milliseconds(20))
        let running = Task { try await service.run() }
        // Arrives after the service started: removed by a later round.
        try await store.insertTelemetry([
            TelemetrySample(droneID: "old", time: now.addingTimeInterval(-3600), lat: 1, lon: 1, alt: 1)
        ])
        try await waitUntil("old sample pruned") {
            try await store.telemetry(droneID: "old", from: .distantPast, to: .distantFuture).isEmpty
        }
        running.cancel()
        #expect(try await store.telemetry(droneID: "a", from: .distantPast, to: .distantFuture).count == 1)
        await fixture.close()
    }
}

@Suite("PostgreSQL store shared by instances")
struct SharedPostgresStoreTests {
    @Test func instancesMigrateTogetherAndShareWritesAndDownsampling() async throws {
        let server = try await PostgresServer.shared()
        let url = try await server.createDatabase(prefix: "shared")
        let policy = TelemetryRetentionPolicy(sampleInterval: 5, retention: 3600)
        // Three instances starting at once: the advisory lock makes their migrations take turns.
        let stores = try await withThrowingTaskGroup(of: (any GroundStore).self) { group in
            for _ in 0..<3 {
                group.addTask {
                    try await DatabaseLocation(url).open(telemetryPolicy: policy, logger: Logger(label: "test"))
                }
            }
            return try await group.reduce(into: [any GroundStore]()) { $0.append($1) }
        }
        for store in stores { #expect(try await store.appliedMigrations() == GroundSchema.migrationNames) }

        try await stores[0].insertBusiness(StoreTests.business("b1"))
        try await stores[1].insertDelivery(StoreTests.delivery("d1"))
        #expect(try await stores[2].delivery(id: "d1")?.businessID == "b1")

        // The same drone's telemetry arriving at every instance at once (a shared subscription splits
        // one stream): the stored history still keeps one sample per 5 s.
        let t0 = StoreTests.t0
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    for second in stride(from: index, to: 60, by: 3) {
                        try await store.insertTelemetry([
                            TelemetrySample(
                                droneID: "a", time: t0.addingTimeInterval(Double(second)), lat: 47, lon: 8, alt: 500)
                        ])
                    }
                }
            }
            try await group.waitForAll()
        }
        let times = try await stores[0].telemetry(droneID: "a", from: .distantPast, to: .distantFuture)
            .map { $0.time.timeIntervalSince(t0) }
        #expect(times.count >= 10)
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 >= 5 }, "\(times)")
        for store in stores { try await store.close() }
    }
}
