import Foundation
import GroundAPIModel
import GroundCore
import GroundStore
import TestSupport
import Testing

@testable import GroundControl

/// `GroundStore.events(droneID:after:limit:)`, which `GET /v1/fleet/{droneId}/events` pages with, on both stores.
@Suite("Ground store: event pages")
struct EventPageStoreTests {
    @Test(arguments: StoreBackend.allCases)
    func pagesOneDronesEventsInEventSeqOrder(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        let t0 = Date(timeIntervalSince1970: 1_780_000_000)
        // Stored out of order, with another drone's events interleaved.
        for seq: Int64 in [5, 1, 3, 2, 9] {
            try await store.recordEvent(
                DroneEventRecord(
                    droneID: "paged", eventSeq: seq, kind: seq == 9 ? "alert" : "phase",
                    receivedAt: t0.addingTimeInterval(Double(seq)),
                    payload: "{\"s\":\(seq)}"))
            try await store.recordEvent(
                DroneEventRecord(droneID: "other", eventSeq: seq, kind: "phase", receivedAt: t0, payload: "{}"))
        }
        #expect(try await store.events(droneID: "paged", after: 0, limit: 100).map(\.eventSeq) == [1, 2, 3, 5, 9])
        #expect(try await store.events(droneID: "paged", after: 0, limit: 2).map(\.eventSeq) == [1, 2])
        #expect(try await store.events(droneID: "paged", after: 2, limit: 2).map(\.eventSeq) == [3, 5])
        #expect(try await store.events(droneID: "paged", after: 9, limit: 2).isEmpty)
        let last = try #require(try await store.events(droneID: "paged", after: 5, limit: 10).first)
        #expect(
            last
                == DroneEventRecord(
                    droneID: "paged", eventSeq: 9, kind: "alert", receivedAt: t0.addingTimeInterval(9),
                    payload: "{\"s\":9}"))
        #expect(try await store.events(droneID: "nobody", after: 0, limit: 10).isEmpty)
        await fixture.close()
    }
}
