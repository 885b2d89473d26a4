import FleetProtocol
import Foundation
import TestSupport

/// The whole system as processes: mosquitto, one firmware-sim process flying N simulated vehicles
/// (time-accelerated), one drone-agent per vehicle, and a ground-control station.
struct EndToEndFleet {
    static let home = GeoPoint(lat: 47.3769, lon: 8.5417)

    let dir: TemporaryDirectory
    let broker: MosquittoBroker
    let sim: ChildProcess
    let agents: [ChildProcess]
    let station: GroundStation
    let droneIDs: [String]

    /// With `camera`, every vehicle carries the sim's MAVLink camera, writing its photos to `cameraDirectory`.
    static func start(drones count: Int, speed: Double, prefix: String, camera: Bool = false) async throws
        -> EndToEndFleet
    {
        let dir = try TemporaryDirectory(prefix: "e2e")
        let broker = try await MosquittoBroker.start()
        let brokerPort = await broker.port
        let simPort = try FreePort.udpRange(count: count)
        let sim = ChildProcess(
            executable: try ChildProcess.product("firmware-sim"),
            arguments: [
                "--count", "\(count)", "--around", "\(home.lat),\(home.lon),400", "--radius", "150",
                "--base-port", "\(simPort)", "--remote-base-port", "0", "--speed", "\(TestPace.simulatorSpeed(speed))",
                "--seed", "11",
                "--gps-noise", "0", "--no-stdin",
            ] + (camera ? ["--camera-dir", dir.file("camera").path] : []),
            logFile: dir.file("sim.log"))
        try await sim.start()
        let fence: String = [45.0, 135, 225, 315].map { bearing -> String in
            let corner = home.destination(distanceM: 3000 * 2.0.squareRoot(), bearingDeg: bearing)
            return "  - { lat: \(corner.lat), lon: \(corner.lon) }"
        }.joined(separator: "\n")
        var agents: [ChildProcess] = []
        var ids: [String] = []
        for i in 0..<count {
            let id = "\(prefix)-\(i + 1)"
            ids.append(id)
            let config = """
                droneId: \(id)
                mqtt:
                  host: 127.0.0.1
                  port: \(brokerPort)
                  keepAliveSeconds: 5
                mavlinkUrl: udpout://127.0.0.1:\(Int(simPort) + i)
                dataDirectory: \(dir.path)/agent-\(i + 1)
                telemetryRateHz: 5
                logLevel: info
                geofence:
                \(fence)
                """
            try config.write(to: dir.file("agent-\(i + 1).yaml"), atomically: true, encoding: .utf8)
            let agent = ChildProcess(
                executable: try ChildProcess.product("drone-agent"),
                arguments: ["--config", dir.file("agent-\(i + 1).yaml").path], logFile: dir.file("agent-\(i + 1).log"))
            try await agent.start()
            agents.append(agent)
        }
        let station = try await GroundStation.start(dir: dir, mqttURL: await broker.url, drones: ids)
        let fleet = EndToEndFleet(dir: dir, broker: broker, sim: sim, agents: agents, station: station, droneIDs: ids)
        do { try await fleet.waitUntilReady() } catch {
            let diagnostics = fleet.diagnostics()
            await fleet.shutdown()
            throw TestSupportError.processFailed("end-to-end fleet start", status: -1, log: "\(error)\n\(diagnostics)")
        }
        return fleet
    }

    /// Where the sim's cameras write their photos (with `camera`).
    var cameraDirectory: URL { dir.file("camera") }

    /// Every drone online at ground control with a position (agents connected, vehicles healthy).
    func waitUntilReady() async throws {
        for id in droneIDs {
            try await waitUntil("\(id) ready at ground control", timeout: .seconds(60), every: .milliseconds(250)) {
                let drone = await station.drone(id)
                return drone?["online"] as? Bool == true && drone?["position"] != nil
                    && drone?["healthy"] as? Bool == true
            }
        }
    }

    /// Logs of every process, for a failing test.
    func diagnostics() -> String {
        var text = "--- ground ---\n" + String(station.process.log().suffix(6000))
        for (i, agent) in agents.enumerated() {
            text += "\n--- agent \(i + 1) ---\n" + String(agent.log().suffix(3000))
        }
        return text + "\n--- sim ---\n" + String(sim.log().suffix(2000))
    }

    func shutdown() async {
        await station.process.kill()
        for agent in agents { await agent.terminate(grace: .seconds(3)) }
        await sim.terminate(grace: .seconds(2))
        await broker.shutdown()
        dir.remove()
    }
}
