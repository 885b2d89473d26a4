import FleetProtocol
import Foundation
import Logging
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// Alerts across instances: two real ground-control processes on one PostgreSQL and one Mosquitto.
/// An alert opened by whichever instance took the drone's alarm, acknowledged on one instance and
/// resolved on the other, shows on the alert stream of both, each change once (the ground relay topic
/// `<prefix>/ground/alerts/<origin>`). The streams are read by curl, an independent SSE client.
@Suite("Scale-out: alerts on every instance", .serialized)
struct ScaleOutAlertTests {
    typealias Instance = ScaleOutInstance

    /// The alert changes (`alert` events) of an SSE log: (id, state) in order.
    static func changes(_ sse: ChildProcess) -> [(id: String, state: String)] {
        GroundStation.events(in: sse.log()).compactMap { event in
            guard let id = event["id"] as? String, let state = event["state"] as? String else { return nil }
            return (id, state)
        }
    }

    @Test(.timeLimit(TestPace.timeLimit(minutes: 3)))
    func everyStreamSeesEveryAlertChange() async throws {
        let dir = try TemporaryDirectory(prefix: "scale-alerts")
        defer { dir.remove() }
        let broker = try await MosquittoBroker.start()
        let server = try await PostgresServer.shared()
        let database = try await server.createDatabase(prefix: "alerts")
        let instances = [
            try await Instance.start("g0", database: database, broker: broker, dir: dir),
            try await Instance.start("g1", database: database, broker: broker, dir: dir),
        ]
        let store = try await DatabaseLocation(database).open(
            telemetryPolicy: .default, logger: Logger(label: "scale-alerts-test"))
        var streams: [ChildProcess] = []
        for instance in instances {
            let sse = try await SSECurl.start(
                instance.baseURL + "/v1/alerts/stream", bearer: Instance.operatorKey,
                logFile: dir.file("\(instance.name)-alerts.sse"))
            streams.append(sse)
        }
        for sse in streams {
            try await waitUntil("the stream's snapshot") {
                GroundStation.events(in: sse.log()).contains { $0["alerts"] != nil }
            }
        }

        // Both ingests subscribed: a drone online shows in both fleets.
        let peer = DronePeer(port: await broker.port)
        await peer.provision(through: { id in try await IngestHarness.register(id, in: store) })
        try await peer.connect()
        try await peer.online("a1", at: GeoPoint(lat: 47.37, lon: 8.54))
        for instance in instances {
            try await waitUntil("\(instance.name) sees the drone", timeout: .seconds(15)) {
                try await instance.fleet()["a1"] != nil
            }
        }
        // The alarm reaches one instance (shared subscription), which opens the alert.
        let event = DroneEvent(
            droneID: try DroneID("a1"), eventSeq: 1, timeMs: DronePeer.nowMs(), assignmentID: nil,
            position: .init(lat: 47.37, lon: 8.54, altAmslM: 460, altRelM: 30), batteryPercent: 15,
            kind: .alarm(code: .lowBattery, severity: .warning, message: "battery at 15 %"))
        try await peer.publish(event, drone: "a1")
        for sse in streams {
            try await waitUntil("the opened alert on every stream", timeout: .seconds(15)) {
                Self.changes(sse).contains { $0.state == "open" }
            }
        }
        let alertID = try #require(Self.changes(streams[0]).first?.id)

        // Acknowledged on g1, resolved on g0: both streams show both.
        let (acknowledged, _) = try await instances[1].request(
            "POST", "/v1/alerts/\(alertID)/acknowledge", key: Instance.operatorKey)
        #expect(acknowledged == 200)
        for sse in streams {
            try await waitUntil("the acknowledgement on every stream", timeout: .seconds(15)) {
                Self.changes(sse).contains { $0.state == "acknowledged" }
            }
        }
        let (resolved, _) = try await instances[0].request(
            "POST", "/v1/alerts/\(alertID)/resolve", key: Instance.operatorKey)
        #expect(resolved == 200)
        for sse in streams {
            try await waitUntil("the resolution on every stream", timeout: .seconds(15)) {
                Self.changes(sse).contains { $0.state == "resolved" }
            }
        }
        // Each change exactly once per stream, in order (an instance ignores its own relay).
        for sse in streams {
            let seen = Self.changes(sse).filter { $0.id == alertID }.map(\.state)
            #expect(seen == ["open", "acknowledged", "resolved"], "\(seen)")
        }
        for sse in streams { await sse.terminate() }
        await peer.disconnect()
        try await store.close()
        for instance in instances { await instance.process.terminate() }
        await broker.shutdown()
    }
}
