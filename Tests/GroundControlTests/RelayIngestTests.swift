import FleetProtocol
import Foundation
import MQTTClient
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundLink

/// The ground-internal relay as one instance of a share group receives it, from a real broker: what
/// other instances send is applied; what is malformed is counted and logged, never fatal.
@Suite("Ground relay ingest", .timeLimit(TestPace.timeLimit(minutes: 1)))
struct RelayIngestTests {
    static let home = GeoPoint(lat: 47.3769, lon: 8.5417)

    /// Publishes raw bytes as another ground instance would.
    static func publish(_ h: IngestHarness, _ topic: String, _ payload: [UInt8]) async throws {
        try await h.peer.client.publish(topic, payload: payload, qos: .atLeastOnce)
    }

    @Test("bad relay payloads are counted by kind and reason; the ingest keeps working")
    func badPayloads() async throws {
        let h = try await IngestHarness(shareGroup: "ground")
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await Self.publish(h, "skyrelay/ground/live/ground-other", Array("{not json".utf8))
        try await Self.publish(
            h, "skyrelay/ground/live/ground-other", Array(#"{"v":2,"origin":"ground-other","samples":[]}"#.utf8))
        try await Self.publish(
            h, "skyrelay/ground/tracking/dlv_1",
            Array(
                #"{"v":1,"origin":"ground-other","update":{"deliveryID":"dlv_2","status":"completed","time":0}}"#.utf8))
        try await Self.publish(
            h, "skyrelay/ground/tracking/dlv_1",
            Array(repeating: UInt8(ascii: " "), count: RelayedStatusChange.maxPayloadBytes + 1))
        try await waitUntil("four bad relay payloads counted") {
            h.counter("skyrelay_bad_payloads_total", ["kind": "ground_live"])
                + h.counter("skyrelay_bad_payloads_total", ["kind": "ground_tracking"]) >= 4
        }
        #expect(h.counter("skyrelay_bad_payloads_total", ["kind": "ground_live", "reason": "malformed_json"]) == 1)
        #expect(
            h.counter("skyrelay_bad_payloads_total", ["kind": "ground_live", "reason": "unsupported_version"]) == 1)
        #expect(h.counter("skyrelay_bad_payloads_total", ["kind": "ground_tracking", "reason": "invalid_value"]) == 1)
        #expect(
            h.counter("skyrelay_bad_payloads_total", ["kind": "ground_tracking", "reason": "payload_too_large"]) == 1)
        // Still ingesting.
        try await h.peer.online("after", at: Self.home)
        try await waitUntil("drone after the bad payloads registered") { await h.fleet.state(of: "after") != nil }
    }

    @Test(
        "relayed samples move the fleet view (not older ones, not the sender's own); a relayed terminal status ends the streams here"
    )
    func appliesWhatOthersRelay() async throws {
        let h = try await IngestHarness(shareGroup: "ground")
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.online("r1", at: Self.home)
        try await waitUntil("r1 online") { await h.fleet.state(of: "r1")?.online == true }

        let encoder = JSONEncoder()
        func sample(seq: UInt64, lat: Double) throws -> Telemetry {
            Telemetry(
                droneID: try DroneID("r1"), seq: seq, timeMs: DronePeer.nowMs(),
                position: .init(lat: lat, lon: 8.5417, altAmslM: 460, altRelM: 50),
                velocity: .init(northMps: 0, eastMps: 0, downMps: 0),
                headingDeg: 0, battery: .init(percent: 77, voltageV: 23), flightMode: "hold", armed: false,
                landedState: .onGround,
                gps: .init(fixType: 3, satellites: 10))
        }
        let newer = RelayedTelemetry(origin: "ground-other", samples: [try sample(seq: 10, lat: 47.40)])
        try await Self.publish(h, "skyrelay/ground/live/ground-other", [UInt8](try encoder.encode(newer)))
        try await waitUntil("relayed position applied") { await h.fleet.state(of: "r1")?.position?.lat == 47.40 }
        #expect(
            h.counter("skyrelay_ingest_messages_total", ["kind": "telemetry"]) == 0,
            "relayed samples are not counted as taken here")
        // An older sample, and one the instance sent itself, leave the view as it is.
        let older = RelayedTelemetry(origin: "ground-other", samples: [try sample(seq: 9, lat: 47.41)])
        try await Self.publish(h, "skyrelay/ground/live/ground-other", [UInt8](try encoder.encode(older)))
        let own = RelayedTelemetry(origin: h.client.configuration.clientID, samples: [try sample(seq: 11, lat: 47.42)])
        try await Self.publish(h, "skyrelay/ground/live/x", [UInt8](try encoder.encode(own)))
        let marker = RelayedTelemetry(origin: "ground-other", samples: [try sample(seq: 12, lat: 47.43)])
        try await Self.publish(h, "skyrelay/ground/live/ground-other", [UInt8](try encoder.encode(marker)))
        try await waitUntil("marker applied") { await h.fleet.state(of: "r1")?.position?.lat == 47.43 }
        #expect(h.counter("skyrelay_relay_messages_total", ["kind": "live", "outcome": "applied"]) == 2)

        // A status change made on another instance ends a stream open here.
        let updates = await h.deliveries.tracking.subscribe(deliveryID: "dlv_remote")
        let change = RelayedStatusChange(
            origin: "ground-other",
            update: TrackingUpdate(
                deliveryID: "dlv_remote", status: .completed, phase: .completed, time: Date()))
        try await Self.publish(
            h, "skyrelay/ground/tracking/dlv_remote", [UInt8](try RelayedStatusChange.encoder().encode(change)))
        let received = await IngestHarness.collect(updates, count: 2, timeout: .seconds(5))
        #expect(received.map(\.status) == [.completed], "one update, then the stream ends")
    }

    @Test("a relayed swap-list change wakes this instance's swap streams; the sender's own and bad ones do not")
    func appliesRelayedSwapChanges() async throws {
        let h = try await IngestHarness(shareGroup: "ground")
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        let changes = await h.swaps.changes()
        let encoder = JSONEncoder()
        let own = RelayedSwapChange(origin: h.client.configuration.clientID, change: SwapOrderChange(depotIDs: ["own"]))
        try await Self.publish(
            h, "skyrelay/ground/swaps/\(h.client.configuration.clientID)", [UInt8](try encoder.encode(own)))
        try await Self.publish(
            h, "skyrelay/ground/swaps/ground-other", Array(#"{"v":1,"origin":"ground-other","depotIds":[""]}"#.utf8))
        try await Self.publish(
            h, "skyrelay/ground/swaps/ground-other", Array(#"{"v":1,"origin":"ground-x","depotIds":["d"]}"#.utf8))
        let other = RelayedSwapChange(origin: "ground-other", change: SwapOrderChange(depotIDs: ["swap-2", "swap-1"]))
        try await Self.publish(h, "skyrelay/ground/swaps/ground-other", [UInt8](try encoder.encode(other)))
        var received = changes.makeAsyncIterator()
        #expect(await received.next() == SwapOrderChange(depotIDs: ["swap-1", "swap-2"]))
        try await waitUntil("the relayed change counted") {
            h.counter("skyrelay_relay_messages_total", ["kind": "swaps", "outcome": "applied"]) == 1
        }
        #expect(h.counter("skyrelay_bad_payloads_total", ["kind": "ground_swaps", "reason": "invalid_value"]) == 2)
    }
}
