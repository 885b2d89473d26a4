import FleetProtocol
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// Several real ground-control processes sharing one Mosquitto and one PostgreSQL: telemetry split
/// by a shared subscription, the same HTTP answers from every instance, one scheduler leader
/// (PostgreSQL advisory lock) and failover after kill -9 of the leader.
@Suite("Scale-out: several ground-control instances", .serialized)
struct ScaleOutTests {
    static let operatorKey = "scale-out-operator"

    /// One ground-control process and its HTTP address.
    struct Instance: Sendable {
        let name: String
        let process: ChildProcess
        let baseURL: String

        func request(_ method: String, _ path: String, key: String?, body: [String: Any]? = nil) async throws -> (Int, [String: Any]) {
            var request = URLRequest(url: try #require(URL(string: baseURL + path)))
            request.httpMethod = method
            if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
            if let body {
                request.httpBody = try JSONSerialization.data(withJSONObject: body)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return (status, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
        }

        func text(_ path: String) async throws -> String {
            let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: baseURL + path)))
            return String(decoding: data, as: UTF8.self)
        }

        /// Telemetry messages this instance handled, from its Prometheus metrics.
        func telemetryHandled() async throws -> Int {
            let metrics = try await text("/metrics")
            let line = metrics.split(separator: "\n").first { $0.hasPrefix("skyrelay_ingest_messages_total{kind=\"telemetry\"}") }
            return line.flatMap { $0.split(separator: " ").last.flatMap { Double($0) } }.map { Int($0) } ?? 0
        }

        /// Leading by its own log: more terms started than ended.
        var isLeader: Bool {
            let log = process.log()
            return log.components(separatedBy: "became scheduler leader").count
                > log.components(separatedBy: "no longer scheduler leader").count
        }
    }

    static func startInstance(_ name: String, database: String, broker: MosquittoBroker, dir: TemporaryDirectory) async throws -> Instance {
        let port = try FreePort.next()
        let process = ChildProcess(
            executable: try ChildProcess.product("ground-control"),
            arguments: [
                "--http-port", String(port), "--mqtt-url", await broker.url, "--instance-id", name,
                "--share-group", "ground", "--scheduler-interval", "0.5", "--telemetry-interval", "0",
            ],
            environment: ["SKYRELAY_OPERATOR_KEY": operatorKey, "DATABASE_URL": database],
            logFile: dir.file("\(name).log"))
        try await process.start()
        let instance = Instance(name: name, process: process, baseURL: "http://127.0.0.1:\(port)")
        try await waitUntil("\(name) answering", timeout: .seconds(30)) {
            if await !process.isRunning {
                throw TestSupportError.processFailed(name, status: await process.exitStatus ?? -1, log: process.log())
            }
            return (try? await instance.request("GET", "/health", key: nil).0) == 200
        }
        return instance
    }

    static func leaders(_ instances: [Instance]) -> [Instance] { instances.filter(\.isLeader) }

    @Test(arguments: [2, 3])
    func instancesShareWorkAndFailOver(_ count: Int) async throws {
        let dir = try TemporaryDirectory(prefix: "scale-out")
        defer { dir.remove() }
        let broker = try await MosquittoBroker.start()
        let server = try await PostgresServer.shared()
        let database = try await server.createDatabase(prefix: "scale")
        var instances: [Instance] = []
        for index in 0..<count {
            instances.append(try await Self.startInstance("g\(index)", database: database, broker: broker, dir: dir))
        }

        // Exactly one leader, and it stays the only one.
        try await waitUntil("a scheduler leader", timeout: .seconds(10)) { Self.leaders(instances).count == 1 }
        try await Task.sleep(for: .seconds(2))
        #expect(Self.leaders(instances).count == 1)

        // Drones: online, answering every assign with "accepted", reporting telemetry.
        let peer = DronePeer(port: await broker.port)
        try await peer.connect()
        try await peer.answer { _ in true }
        let home = GeoPoint(lat: 47.37, lon: 8.54)
        for drone in ["d1", "d2"] { try await peer.online(drone, at: home) }

        // Telemetry is split: every message handled by exactly one instance.
        let sent = 300
        // In runs of 5 per drone: the broker deals messages round-robin, so alternating drones would
        // give each instance only one drone's positions.
        for i in 0..<sent { try await peer.telemetry((i / 5).isMultiple(of: 2) ? "d1" : "d2", at: home) }
        var handled: [Int] = []
        try await waitUntil("all telemetry handled", timeout: .seconds(15)) {
            handled = []
            for instance in instances { handled.append(try await instance.telemetryHandled()) }
            return handled.reduce(0, +) >= sent
        }
        try await Task.sleep(for: .milliseconds(500))
        handled = []
        for instance in instances { handled.append(try await instance.telemetryHandled()) }
        #expect(handled.reduce(0, +) == sent, "each message once: \(handled)")
        #expect(handled.allSatisfy { $0 > 0 }, "every instance takes a share: \(handled)")

        // A business registered on one instance books on another; the leader assigns it.
        let (registered, business) = try await instances[0].request("POST", "/v1/businesses", key: nil, body: ["name": "Scale Shop"])
        #expect(registered == 201)
        let key = try #require(business["apiKey"] as? String)
        let booking: [String: Any] = [
            "pickup": ["lat": 47.371, "lon": 8.541], "dropoff": ["lat": 47.38, "lon": 8.55], "weightKg": 1.0, "size": "small",
        ]
        let (_, created) = try await instances[count - 1].request("POST", "/v1/deliveries", key: key, body: booking)
        let id = try #require(created["id"] as? String)
        try await waitUntil("delivery scheduled", timeout: .seconds(15)) {
            (try await instances[0].request("GET", "/v1/deliveries/\(id)", key: key).1["status"] as? String) == "scheduled"
        }
        // Every instance answers the same, from the shared database.
        var answers: [NSDictionary] = []
        for instance in instances {
            let (status, body) = try await instance.request("GET", "/v1/deliveries/\(id)", key: key)
            #expect(status == 200)
            answers.append(body as NSDictionary)
        }
        #expect(Set(answers).count == 1, "\(answers)")
        #expect(await peer.assignments.filter { $0.assignment.deliveryId == id }.count == 1, "only the leader offers")

        // kill -9 of the leader: another instance takes the lock within seconds and schedules.
        let leader = try #require(Self.leaders(instances).first)
        await leader.process.kill()
        let survivors = instances.filter { $0.name != leader.name }
        let killedAt = ContinuousClock.now
        try await waitUntil("a new leader", timeout: .seconds(10)) { Self.leaders(survivors).count == 1 }
        #expect(ContinuousClock.now - killedAt < .seconds(5))
        let (_, second) = try await survivors[0].request("POST", "/v1/deliveries", key: key, body: booking)
        let secondID = try #require(second["id"] as? String)
        try await waitUntil("second delivery scheduled by the new leader", timeout: .seconds(15)) {
            (try await survivors.last?.request("GET", "/v1/deliveries/\(secondID)", key: key).1["status"] as? String) == "scheduled"
        }
        #expect(Self.leaders(survivors).count == 1)
        await peer.disconnect()
        for instance in survivors { await instance.process.terminate() }
        await broker.shutdown()
    }
}
