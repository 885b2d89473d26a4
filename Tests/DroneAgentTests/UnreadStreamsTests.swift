import Logging
import MAVLink
import TestSupport
import Testing

@testable import DroneAgent

/// The agent turns off the autopilot's streams it does not read, against a real firmware-sim (which,
/// like PX4, streams ATTITUDE, VFR_HUD and SYSTEM_TIME by default), and gives them back to a
/// tunnelled ground station while it listens.
@Suite("Autopilot link: streams nobody reads", .timeLimit(TestPace.timeLimit(minutes: 3)))
struct UnreadStreamsTests {
    static let simulatorUnread: Set<UInt32> = [Attitude.messageID, VfrHud.messageID, SystemTime.messageID]

    struct Rig {
        let link: AutopilotLink
        let run: Task<Void, Never>
        let sim: ChildProcess
        let directory: TemporaryDirectory

        static func start(silencing: Bool) async throws -> Rig {
            let directory = try TemporaryDirectory(prefix: "unread-streams")
            let agentPort = Int(try FreePort.next(.udp))
            let link = AutopilotLink(
                endpoint: try MAVLinkEndpoint("udp://:\(agentPort)"), heartbeatTimeout: TestPace.scaled(.seconds(3)),
                silencesUnreadStreams: silencing, logger: Logger(label: "unread-streams-test"))
            let run = Task {
                do { try await link.run() } catch { Issue.record("link failed: \(error)") }
            }
            let sim = ChildProcess(
                executable: try ChildProcess.product("firmware-sim"),
                arguments: [
                    "--count", "1", "--around", "47.3769,8.5417,400", "--base-port", "\(try FreePort.next(.udp))",
                    "--remote-base-port", "\(agentPort)", "--speed", "1", "--seed", "7", "--no-stdin",
                ],
                logFile: directory.file("sim.log"))
            try await sim.start()
            return Rig(link: link, run: run, sim: sim, directory: directory)
        }

        /// Message ids received, with their counts, over `seconds` of wall time.
        func received(for seconds: Double) async -> [UInt32: Int] {
            let frames = await link.frames()
            let counting = Task {
                var counts: [UInt32: Int] = [:]
                for await frame in frames { counts[frame.messageID, default: 0] += 1 }
                return counts
            }
            try? await Task.sleep(for: TestPace.scaled(.seconds(seconds)))
            counting.cancel()
            return await counting.value
        }

        func stop() async {
            run.cancel()
            await sim.terminate()
        }
    }

    @Test("unread streams are turned off as they show up; position and the streams the agent reads keep coming")
    func unreadStreamsTurnedOff() async throws {
        let rig = try await Rig.start(silencing: true)
        do {
            try await waitUntil("the simulator's unread streams turned off", timeout: .seconds(20)) {
                await rig.link.silencedUnreadStreams().isSuperset(of: Self.simulatorUnread)
            }
            // Let acks and frames already on their way pass.
            try await Task.sleep(for: TestPace.scaled(.seconds(1)))
            let counts = await rig.received(for: 3)
            #expect(Self.simulatorUnread.allSatisfy { counts[$0] == nil }, "still received: \(counts)")
            #expect((counts[GlobalPositionInt.messageID] ?? 0) >= 15, "\(counts)")
            #expect((counts[Heartbeat.messageID] ?? 0) >= 2, "\(counts)")
            #expect((counts[SysStatus.messageID] ?? 0) >= 2, "\(counts)")
            #expect(await rig.link.snapshot().autopilotAlive)

            // A tunnelled ground station listens: it gets them back at their default rates.
            await rig.link.groundStationListening(true)
            try await waitUntil("attitude back for the ground station", timeout: .seconds(10)) {
                (await rig.received(for: 1)[Attitude.messageID] ?? 0) >= 2
            }
            #expect(await rig.link.silencedUnreadStreams().isEmpty)
            let listening = await rig.received(for: 2)
            #expect(Self.simulatorUnread.allSatisfy { (listening[$0] ?? 0) >= 1 }, "\(listening)")

            // It left: they are turned off again as they show up.
            await rig.link.groundStationListening(false)
            try await waitUntil("unread streams turned off again", timeout: .seconds(20)) {
                await rig.link.silencedUnreadStreams().isSuperset(of: Self.simulatorUnread)
            }
            try await Task.sleep(for: TestPace.scaled(.seconds(1)))
            let after = await rig.received(for: 2)
            #expect(Self.simulatorUnread.allSatisfy { after[$0] == nil }, "still received: \(after)")
        } catch {
            Issue.record("\(error)\n\(rig.sim.log().suffix(2000))")
        }
        await rig.stop()
    }

    @Test("with silenceUnreadStreams false every stream keeps its rate (another reader shares the link)")
    func keptWhenConfigured() async throws {
        #expect(
            try AgentConfiguration.parse(yaml: "droneId: d\nsilenceUnreadStreams: false").silenceUnreadStreams == false)
        #expect(try AgentConfiguration.parse(yaml: "droneId: d").silenceUnreadStreams)
        let rig = try await Rig.start(silencing: false)
        do {
            try await waitUntil("autopilot heartbeat", timeout: .seconds(20)) {
                await rig.link.snapshot().autopilotAlive
            }
            let counts = await rig.received(for: 3)
            #expect((counts[Attitude.messageID] ?? 0) >= 10, "\(counts)")
            #expect((counts[VfrHud.messageID] ?? 0) >= 4, "\(counts)")
            #expect(await rig.link.silencedUnreadStreams().isEmpty)
        } catch {
            Issue.record("\(error)\n\(rig.sim.log().suffix(2000))")
        }
        await rig.stop()
    }
}
