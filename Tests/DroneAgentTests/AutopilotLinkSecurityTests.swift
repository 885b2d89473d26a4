import DroneAgent
import Foundation
import Logging
import MAVLink
import TestSupport
import Testing

/// The agent's autopilot link against a real firmware-sim process and a hostile sender on another port.
@Suite("Autopilot link: pinned autopilot, strangers and signing", .timeLimit(TestPace.timeLimit(minutes: 3)))
struct AutopilotLinkSecurityTests {
    static let home = (lat: 47.3769, lon: 8.5417)
    /// Where the forged frames of issue 18 put the drone: the airport, 5 % battery.
    static let airport = (lat: 47.4582, lon: 8.5555)
    static let bogusHeader: [UInt8] = [0xFD, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x01, 0xFF, 0xFF, 0xFF]
    static let keyHex = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210"

    /// A running link listening on the loopback, as against PX4 SITL, and a sim that sends to it first.
    struct Rig {
        let link: AutopilotLink
        let run: Task<Void, Never>
        let sim: ChildProcess
        let agentPort: Int
        let directory: TemporaryDirectory

        static func start(simSigning: Bool, linkSigning: Bool) async throws -> Rig {
            let directory = try TemporaryDirectory(prefix: "autopilot-link")
            let keyFile = directory.file("mavlink.key")
            try (keyHex + "\n").write(to: keyFile, atomically: true, encoding: .utf8)
            let agentPort = Int(try FreePort.next(.udp))
            var config = AgentConfiguration(droneID: "link-test")
            config.mavlinkURL = "udp://:\(agentPort)"
            config.mavlinkSigningKeyFile = linkSigning ? keyFile.path : nil
            let link = AutopilotLink(
                endpoint: try MAVLinkEndpoint(config.mavlinkURL), heartbeatTimeout: TestPace.scaled(.seconds(3)),
                security: try config.mavlinkSecurity(), logger: Logger(label: "autopilot-link-test"))
            let run = Task {
                do { try await link.run() } catch { Issue.record("link failed: \(error)") }
            }
            let simPort = try FreePort.next(.udp)
            let sim = ChildProcess(
                executable: try ChildProcess.product("firmware-sim"),
                arguments: [
                    "--count", "1", "--around", "\(home.lat),\(home.lon),400", "--base-port", "\(simPort)",
                    "--remote-base-port", "\(agentPort)", "--speed", "\(TestPace.simulatorSpeed(1))", "--seed", "7",
                    "--gps-noise", "0", "--no-stdin",
                ] + (simSigning ? ["--signing-key-file", keyFile.path] : []),
                logFile: directory.file("sim.log"))
            try await sim.start()
            return Rig(link: link, run: run, sim: sim, agentPort: agentPort, directory: directory)
        }

        func stop() async {
            run.cancel()
            await sim.terminate()
        }
    }

    @Test(
        "a bogus-datagram flood and forged telemetry from another port neither lose the autopilot nor reach telemetry")
    func hostileSender() async throws {
        let rig = try await Rig.start(simSigning: false, linkSigning: false)
        do {
            try await waitUntil("autopilot heartbeat and position", timeout: .seconds(20)) {
                let state = await rig.link.snapshot()
                return state.autopilotAlive && state.position != nil && state.batteryPercent != nil
            }
            let attacker = try UDPDatagramSocket()
            let forgedPosition = GlobalPositionInt(
                timeBootMs: 1, lat: Int32(Self.airport.lat * 1e7), lon: Int32(Self.airport.lon * 1e7),
                alt: 432_000, relativeAlt: 0, vx: 0, vy: 0, vz: 0, hdg: 0)
            let forgedBattery = SysStatus(voltageBattery: 14_000, batteryRemaining: 5)
            let forgedHeartbeat = Heartbeat(
                type: .quadrotor, autopilot: .px4, baseMode: [.customModeEnabled], customMode: 65536,
                systemStatus: .standby)
            // 100 datagrams a second for 5 s: bogus headers, and every tenth a forged frame with the autopilot's ids.
            let flood = Task {
                var sequence: UInt8 = 0
                for i in 0..<500 {
                    try attacker.send(Self.bogusHeader, toPort: rig.agentPort)
                    if i % 10 == 0 {
                        sequence &+= 1
                        let forged: [UInt8] =
                            switch i % 30 {
                            case 0: MAVLinkFrame.encode(forgedPosition, systemID: 1, componentID: 1, sequence: sequence)
                            case 10: MAVLinkFrame.encode(forgedBattery, systemID: 1, componentID: 1, sequence: sequence)
                            default:
                                MAVLinkFrame.encode(forgedHeartbeat, systemID: 1, componentID: 1, sequence: sequence)
                            }
                        try attacker.send(forged, toPort: rig.agentPort)
                    }
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            var samples = 0
            while !flood.isCancelled, samples < 60 {
                let state = await rig.link.snapshot()
                #expect(state.autopilotAlive, "autopilot declared lost during the flood (sample \(samples))")
                let position = try #require(state.position)
                #expect(
                    abs(position.lat - Self.home.lat) < 0.01 && abs(position.lon - Self.home.lon) < 0.01,
                    "forged position reached telemetry: \(position)")
                #expect(
                    state.batteryPercent.map { $0 > 50 } == true,
                    "forged battery reached telemetry: \(String(describing: state.batteryPercent))")
                samples += 1
                try await Task.sleep(for: .milliseconds(100))
            }
            try await flood.value
            try await waitUntil("stranger counter", timeout: .seconds(5)) {
                await rig.link.linkStatistics.strangerDatagrams >= 400
            }
            #expect(await rig.link.snapshot().autopilotAlive)
        } catch {
            await rig.stop()
            throw error
        }
        await rig.stop()
    }

    @Test("a signing agent and a signing sim talk; every frame from the sim is signed and verifies")
    func signedLink() async throws {
        let rig = try await Rig.start(simSigning: true, linkSigning: true)
        do {
            try await waitUntil("signed autopilot heartbeat and position", timeout: .seconds(20)) {
                let state = await rig.link.snapshot()
                return state.autopilotAlive && state.position != nil
            }
            // The sim acknowledges only commands whose signature verified.
            let result = try await rig.link.command(
                .requestMessage, params: [Float(AutopilotVersion.messageID)], retries: 5,
                timeout: TestPace.scaled(.seconds(1)))
            #expect(result == .accepted)
            try await waitUntil("link statistics", timeout: .seconds(5)) {
                await rig.link.linkStatistics.parser.signedFrames > 0
            }
            let statistics = await rig.link.linkStatistics
            #expect(statistics.refused == 0)
            #expect(statistics.parser.signedFrames == statistics.parser.frames)
        } catch {
            await rig.stop()
            throw error
        }
        await rig.stop()
    }

    @Test("a signing agent refuses an autopilot that does not sign")
    func unsignedAutopilotRefused() async throws {
        let rig = try await Rig.start(simSigning: false, linkSigning: true)
        do {
            try await waitUntil("unsigned frames counted", timeout: .seconds(20)) {
                await rig.link.linkStatistics.unsigned > 10
            }
            let state = await rig.link.snapshot()
            #expect(!state.autopilotAlive && state.position == nil)
        } catch {
            await rig.stop()
            throw error
        }
        await rig.stop()
    }
}
