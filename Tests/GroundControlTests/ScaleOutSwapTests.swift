import FleetProtocol
import Foundation
import Logging
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// Depot swap streams across instances: two real ground-control processes on one PostgreSQL and one
/// Mosquitto, a swap depot, and a drone landed low on it. The scheduler leader writes the drone's swap
/// order; the streams of both instances show each change promptly, pushed by the leader's announcement
/// (on the leader itself, and relayed on `<prefix>/ground/swaps/<origin>` to the other), not by their
/// safety re-read, set here to 600 s so it cannot be what brought it. The streams are read by curl.
@Suite("Scale-out: depot swap streams on every instance", .serialized)
struct ScaleOutSwapTests {
    typealias Instance = ScaleOutInstance
    static let site = GeoPoint(lat: 47.3769, lon: 8.5417)

    /// The order states of each `swaps` list of an SSE log, in order.
    static func lists(_ sse: ChildProcess) -> [[String]] { DepotSwapsAPITests.lists(sse.log()) }

    @Test(.timeLimit(TestPace.timeLimit(minutes: 3)))
    func everyInstancesStreamFollowsTheLeadersSwapOrders() async throws {
        let dir = try TemporaryDirectory(prefix: "scale-swaps")
        defer { dir.remove() }
        let depots = dir.file("depots.json")
        try Data(
            """
            {"depots":[{"depotId":"swap-1","lat":\(Self.site.lat),"lon":\(Self.site.lon),"pads":2,\
            "chargePowerW":400,"swapSeconds":60,"mode":"swap"}]}
            """.utf8
        ).write(to: depots)
        let broker = try await MosquittoBroker.start()
        let server = try await PostgresServer.shared()
        let database = try await server.createDatabase(prefix: "swaps")
        let arguments = ["--depots-file", depots.path, "--swap-stream-resync", "600"]
        let instances = [
            try await Instance.start("g0", database: database, broker: broker, dir: dir, extraArguments: arguments),
            try await Instance.start("g1", database: database, broker: broker, dir: dir, extraArguments: arguments),
        ]
        let store = try await DatabaseLocation(database).open(
            telemetryPolicy: .default, logger: Logger(label: "scale-swaps-test"))
        func stream(_ instance: Instance, _ name: String) async throws -> ChildProcess {
            try await SSECurl.start(
                instance.baseURL + "/v1/depots/swap-1/swaps/stream", bearer: Instance.operatorKey,
                logFile: dir.file("\(instance.name)-\(name).sse"))
        }
        var streams: [ChildProcess] = []
        for instance in instances { streams.append(try await stream(instance, "swaps")) }
        for sse in streams {
            try await waitUntil("the stream's first list") { Self.lists(sse) == [[]] }
        }

        // Both ingests subscribed: the drone shows in both fleets.
        let peer = DronePeer(port: await broker.port)
        await peer.provision(through: { id in try await IngestHarness.register(id, in: store) })
        try await peer.connect()
        let onPad = Self.site.moved(east: 4, north: 4)
        try await peer.online("s1", at: onPad)
        for instance in instances {
            try await waitUntil("\(instance.name) sees the drone", timeout: .seconds(15)) {
                try await instance.fleet()["s1"] != nil
            }
        }
        // Landed low on the swap pad: the leader's next round makes the swap due, and every stream shows it.
        try await peer.telemetry("s1", at: onPad, battery: 40)
        for sse in streams {
            try await waitUntil("the due swap on every stream", timeout: .seconds(15)) {
                Self.lists(sse).last == ["due"]
            }
        }
        // A stream opened now starts with the current list.
        let late = try await stream(instances[1], "late")
        try await waitUntil("the late stream's first list") { !Self.lists(late).isEmpty }
        #expect(Self.lists(late).first == ["due"])

        try await peer.telemetry("s1", at: onPad, battery: 40, chargeState: .swapping)
        for sse in streams + [late] {
            try await waitUntil("swapping on every stream", timeout: .seconds(15)) {
                Self.lists(sse).last == ["swapping"]
            }
        }
        try await peer.telemetry("s1", at: onPad, battery: 100, chargeState: .full)
        for sse in streams + [late] {
            try await waitUntil("done on every stream", timeout: .seconds(15)) { Self.lists(sse).last == ["done"] }
        }
        // Each list once per stream: rounds that changed nothing sent nothing.
        for sse in streams {
            #expect(Self.lists(sse) == [[], ["due"], ["swapping"], ["done"]], "\(Self.lists(sse))")
        }
        #expect(Self.lists(late) == [["due"], ["swapping"], ["done"]])
        // The follower heard the leader's announcements over the relay.
        let follower = try #require(instances.first { !$0.isLeader })
        #expect(try await follower.counter("skyrelay_relay_messages_total{kind=\"swaps\",outcome=\"applied\"}") >= 3)

        for sse in streams + [late] { await sse.terminate() }
        await peer.disconnect()
        try await store.close()
        for instance in instances { await instance.process.terminate() }
        await broker.shutdown()
    }
}
