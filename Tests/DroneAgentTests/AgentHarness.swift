import DroneAgent
import FleetProtocol
import Foundation
import MQTTClient
import TestSupport

/// One real broker, one real firmware-sim vehicle and one real drone-agent process, plus an observing
/// MQTT client that records everything the agent publishes.
actor AgentHarness {
    static let home = GeoPoint(lat: 47.3769, lon: 8.5417)

    let droneID: String
    let broker: MosquittoBroker
    let sim: ChildProcess
    let agent: ChildProcess
    let directory: TemporaryDirectory
    let observer: FleetObserver
    let topics = FleetTopics.default

    let controlPort: UInt16
    /// The simulated vehicle's MAVLink port, the agent's (its first peer keeps it).
    let simPort: Int
    /// The vehicle's ground-station MAVLink instance (`--gcs-base-port`), for a second ground station.
    let gcsPort: Int

    init(
        droneID: String = "drone-t", speed: Double = 20, fenceHalfSizeM: Double = 2500, telemetryRateHz: Double = 5,
        linkLossReturnSeconds: Double = 60, password: String? = nil, tls: TestCertificates? = nil,
        agentCAFile: String? = nil,
        extraConfig: String = "", simArguments: [String] = []
    ) async throws {
        self.droneID = droneID
        directory = try TemporaryDirectory(prefix: "agent-test")
        // With a password: the drone may only use its own topics (as deploy/ configures), the observer all.
        var options = MosquittoBroker.Options()
        if let password {
            options.users = [.init(droneID, password: password), .init("observer", password: "observer-pw")]
            options.acl = "user observer\ntopic readwrite #\n\npattern readwrite skyrelay/drones/%u/#\n"
            try password.write(to: directory.file("mqtt.password"), atomically: true, encoding: .utf8)
        }
        // With TLS the broker listens only with TLS; `agentCAFile` lets a test hand the agent another CA.
        options.tls = tls?.broker
        broker = try await MosquittoBroker.start(options: options)
        let brokerPort = await broker.port
        let simPort = try FreePort.next(.udp)
        self.simPort = Int(simPort)
        let gcsPort = try FreePort.next(.udp)
        self.gcsPort = Int(gcsPort)
        controlPort = try FreePort.next(.udp)
        sim = ChildProcess(
            executable: try ChildProcess.product("firmware-sim"),
            arguments: [
                "--count", "1", "--around", "\(Self.home.lat),\(Self.home.lon),400", "--base-port", "\(simPort)",
                "--remote-base-port", "0", "--gcs-base-port", "\(gcsPort)", "--gcs-remote-port", "0",
                "--speed", "\(TestPace.simulatorSpeed(speed))", "--seed", "7", "--gps-noise", "0",
                "--control-port", "\(controlPort)", "--no-stdin",
            ] + simArguments,
            logFile: directory.file("sim.log"))
        try await sim.start()
        // The link-loss limit is the agent's wall clock, like the outages the tests stage: both stretch by the
        // slowdown, so an outage stays shorter (or longer) than the limit.
        let config = """
            droneId: \(droneID)
            mqtt:
              host: 127.0.0.1
              port: \(brokerPort)
              keepAliveSeconds: 5
            \(password == nil ? "" : "  passwordFile: \(directory.file("mqtt.password").path)")
            \((agentCAFile ?? tls?.caFile).map { "  tls: { caFile: \($0) }" } ?? "")
            mavlinkUrl: udpout://127.0.0.1:\(simPort)
            dataDirectory: \(directory.path)/data
            telemetryRateHz: \(telemetryRateHz)
            linkLossReturnSeconds: \(linkLossReturnSeconds * TestPace.slowdown)
            logLevel: debug
            geofence:
            \(Self.squareFence(halfSizeM: fenceHalfSizeM))
            \(extraConfig)
            """
        try config.write(to: directory.file("agent.yaml"), atomically: true, encoding: .utf8)
        agent = ChildProcess(
            executable: try ChildProcess.product("drone-agent"),
            arguments: ["--config", directory.file("agent.yaml").path], logFile: directory.file("agent.log"))
        observer = try await FleetObserver(
            host: broker.host, port: Int(brokerPort), droneID: try DroneID(droneID),
            credentials: password == nil ? nil : ("observer", "observer-pw"), tlsCAFile: tls?.caFile)
        try await agent.start()
    }

    /// A square around home, as YAML list items.
    static func squareFence(halfSizeM: Double) -> String {
        [45.0, 135, 225, 315].map { bearing in
            let corner = home.destination(distanceM: halfSizeM * 2.0.squareRoot(), bearingDeg: bearing)
            return "  - { lat: \(corner.lat), lon: \(corner.lon) }"
        }.joined(separator: "\n")
    }

    /// Waits until the agent is online and sees a healthy vehicle (position, home, GPS).
    func waitUntilReady() async throws {
        try await waitUntil("agent online with home", timeout: .seconds(30)) {
            guard let state = await observer.lastState else { return false }
            return state.presence == .online && state.home != nil
        }
        try await waitUntil("telemetry with GPS fix", timeout: .seconds(20)) {
            await observer.telemetry.last.map { $0.gps.has3DFix } ?? false
        }
    }

    /// Publishes a command (QoS 1).
    func send(_ kind: Command.Kind, commandID: String = UUID().uuidString, expiresInMs: Int64 = 60_000) async throws
        -> String
    {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let command = Command(
            commandID: commandID, droneID: try DroneID(droneID), issuedAtMs: min(now, now + expiresInMs - 5000),
            expiresAtMs: now + expiresInMs, kind: kind)
        try await observer.client.publish(
            topics.commands(try DroneID(droneID)), payload: FleetCodec().encodeBytes(command), qos: .atLeastOnce)
        return commandID
    }

    /// Sends a control line to the simulator (e.g. `fault 0 battery-sag 80`) and returns its answer.
    @discardableResult
    func simControl(_ line: String) throws -> String {
        try UDPRequest.send(line, toPort: controlPort) ?? ""
    }

    /// Publishes raw bytes on the commands topic.
    func sendRaw(_ text: String) async throws {
        try await observer.client.publish(
            topics.commands(try DroneID(droneID)), payload: Array(text.utf8), qos: .atLeastOnce)
    }

    /// A short delivery near home: ~400 m north to the pickup, ~400 m east to the dropoff.
    static func shortAssignment(id: String) -> Assignment {
        Assignment(
            assignmentID: id, deliveryID: "del-\(id)", pickup: home.destination(distanceM: 400, bearingDeg: 0),
            dropoff: home.destination(distanceM: 560, bearingDeg: 45), payloadKg: 1.0, cruiseAltitudeM: 30,
            loadingSeconds: 10)
    }

    func diagnostics() -> String {
        "--- agent log (tail) ---\n" + String(agent.log().suffix(6000)) + "\n--- sim log (tail) ---\n"
            + String(sim.log().suffix(2000))
    }

    func shutdown() async {
        await agent.terminate(grace: .seconds(5))
        await sim.terminate(grace: .seconds(2))
        await observer.client.disconnect()
        await broker.shutdown()
        directory.remove()
    }
}
