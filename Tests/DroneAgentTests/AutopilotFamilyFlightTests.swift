import DroneAgent
import FleetProtocol
import Foundation
import Logging
import MAVLink
import TestSupport
import Testing

/// The agent against each firmware-sim personality (written from the PX4 and ArduPilot sources): whole
/// deliveries, refusals with their precise reason, and a second ground station replacing the mission.
@Suite("Autopilot families", .serialized)
struct AutopilotFamilyFlightTests {
    /// A firmware the agent flies, as firmware-sim imitates it.
    struct Personality: Sendable, CustomTestStringConvertible {
        let name: String
        let simArguments: [String]
        /// What the agent's retained state calls it.
        let autopilot: String
        var testDescription: String { name }

        static let px4Legacy = Personality(
            name: "PX4 <= 1.15 (mission_state 0)",
            simArguments: ["--autopilot", "px4", "--px4-mission-state", "legacy"],
            autopilot: "px4")
        static let px4 = Personality(
            name: "PX4 (mission_state reported)",
            simArguments: ["--autopilot", "px4", "--px4-mission-state", "reported"],
            autopilot: "px4")
        static let arduCopter = Personality(
            name: "ArduCopter", simArguments: ["--autopilot", "ardupilot"], autopilot: "ardupilot")
    }

    static let lifecycle = DeliveryFlightTests.lifecycle

    /// The aborted event of `assignmentId`, once it came.
    static func aborted(_ harness: AgentHarness, _ assignmentID: String) async -> DroneEvent? {
        await harness.observer.events.first {
            guard $0.assignmentID == assignmentID, case .phase(.aborted, _) = $0.kind else { return false }
            return true
        }
    }

    @Test("a delivery completes with every lifecycle event, land loading", arguments: [Personality.px4Legacy, .px4])
    func px4Delivery(personality: Personality) async throws {
        try await deliver(personality: personality, extraConfig: "loadingMode: land", id: "a-px4")
    }

    @Test("a delivery completes against ArduCopter, hover loading")
    func arduCopterHoverDelivery() async throws {
        try await deliver(personality: .arduCopter, extraConfig: "loadingMode: hover", id: "a-ap-hover")
    }

    @Test("ArduCopter land loading with MIS_OPTIONS bit 2 set by the integrator: the delivery completes")
    func arduCopterLandDelivery() async throws {
        try await deliver(personality: .arduCopter, extraConfig: "loadingMode: land", id: "a-ap-land") { harness in
            let gcs = try await GroundStationPeer(vehiclePort: harness.gcsPort)
            try await gcs.setParameter("MIS_OPTIONS", 4)
            await gcs.close()
        }
    }

    private func deliver(
        personality: Personality, extraConfig: String, id: String,
        prepare: (AgentHarness) async throws -> Void = { _ in }
    ) async throws {
        let harness = try await AgentHarness(
            droneID: "fam-\(id)", extraConfig: extraConfig, simArguments: personality.simArguments)
        do {
            try await harness.waitUntilReady()
            try await waitUntil("state names the autopilot", timeout: .seconds(10)) {
                await harness.observer.lastState?.autopilot == personality.autopilot
            }
            try await prepare(harness)
            let commandID = try await harness.send(.assign(AgentHarness.shortAssignment(id: id)))
            try await waitUntil("reply", timeout: .seconds(10)) { await harness.observer.reply(commandID) != nil }
            let reply = try #require(await harness.observer.reply(commandID))
            #expect(reply.accepted, "\(reply)")
            try await waitUntil("completed", timeout: .seconds(120)) {
                await harness.observer.phases(id).contains { $0.phase == .completed || $0.phase == .aborted }
            }
            #expect(await harness.observer.phases(id).map(\.phase) == Self.lifecycle, "\(personality.name)")
            if let aborted = await Self.aborted(harness, id) { Issue.record("aborted: \(aborted)") }
        } catch {
            Issue.record("\(personality.name): \(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test(
        "ArduCopter land loading without MIS_OPTIONS bit 2: refused with the parameter named, the drone is free again")
    func arduCopterMissingMisOptions() async throws {
        let harness = try await AgentHarness(
            droneID: "fam-misopt", extraConfig: "loadingMode: land", simArguments: Personality.arduCopter.simArguments)
        do {
            try await harness.waitUntilReady()
            _ = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-misopt")))
            try await waitUntil("aborted", timeout: .seconds(30)) { await Self.aborted(harness, "a-misopt") != nil }
            let event = try #require(await Self.aborted(harness, "a-misopt"))
            #expect(event.kind == .phase(.aborted, reason: .missionFailed))
            #expect(event.detail?.contains("parameter MIS_OPTIONS is 0, needs bits 4 set") == true, "\(event)")
            #expect(
                await !harness.observer.telemetry.contains { $0.assignmentID == "a-misopt" && $0.armed }, "nothing flew"
            )
            // Free again: the retained state has no assignment, and the next one is accepted.
            try await waitUntil("state without assignment", timeout: .seconds(10)) {
                await harness.observer.lastState?.assignmentID == nil
            }
            let next = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-misopt-2")))
            try await waitUntil("reply", timeout: .seconds(10)) { await harness.observer.reply(next) != nil }
            #expect(await harness.observer.reply(next)?.accepted == true)
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test(
        "PX4 refuses a position-less item outside MAV_FRAME_MISSION: the error names the item, command and result",
        arguments: [Personality.px4])
    func refusedItem(personality: Personality) async throws {
        let directory = try TemporaryDirectory(prefix: "refused-item")
        defer { directory.remove() }
        let simPort = try FreePort.next(.udp)
        let sim = ChildProcess(
            executable: try ChildProcess.product("firmware-sim"),
            arguments: [
                "--count", "1", "--around", "\(AgentHarness.home.lat),\(AgentHarness.home.lon),400", "--base-port",
                "\(simPort)",
                "--remote-base-port", "0", "--speed", "\(TestPace.simulatorSpeed(5))", "--seed", "7", "--no-stdin",
            ]
                + personality.simArguments,
            logFile: directory.file("sim.log"))
        try await sim.start()
        let link = AutopilotLink(
            endpoint: .udpConnect(host: "127.0.0.1", port: Int(simPort)), logger: Logger(label: "test"))
        let running = Task { try await link.run() }
        do {
            try await waitUntil("autopilot heartbeat", timeout: .seconds(10)) { await link.snapshot().family == .px4 }
            let items = [
                MissionItemInt(
                    frame: .globalRelativeAltInt, command: .navTakeoff, current: 1, autocontinue: 1, x: 473_769_000,
                    y: 85_417_000, z: 30),
                MissionItemInt(
                    frame: .globalRelativeAltInt, command: .doGripper, autocontinue: 1, param1: 1, param2: 1),
            ]
            do {
                try await link.uploadMission(items)
                Issue.record("PX4 took DO_GRIPPER in MAV_FRAME_GLOBAL_RELATIVE_ALT_INT")
            } catch {
                guard case let .missionRejected(result, item, command) = error else { throw error }
                #expect(item == 1 && command == 211)
                #expect(
                    [MAVMissionResult.unsupportedFrame.rawValue, MAVMissionResult.unsupported.rawValue].contains(result)
                )
                #expect(
                    "\(error)".hasPrefix(
                        "mission item 1, command MAV_CMD_DO_GRIPPER (211), result MAV_MISSION_UNSUPPORTED"))
            }
        } catch {
            Issue.record("\(error)\n\(sim.log().suffix(2000))")
        }
        running.cancel()
        await sim.terminate(grace: .seconds(2))
    }

    @Test(
        "a second ground station uploads a mission mid-assignment: detected, reported with who and why, never flown over"
    )
    func foreignMission() async throws {
        let harness = try await AgentHarness(droneID: "fam-foreign", speed: 10)
        do {
            try await harness.waitUntilReady()
            _ = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-foreign")))
            try await waitUntil("cruising to pickup", timeout: .seconds(60)) {
                await harness.observer.phases("a-foreign").contains { $0.phase == .enRouteToPickup }
            }
            let gcs = try await GroundStationPeer(vehiclePort: harness.gcsPort)
            let loiter = MissionItemInt(
                frame: .globalRelativeAltInt, command: .navLoiterTime, autocontinue: 1, param1: 600,
                x: 473_769_000, y: 85_417_000, z: 30)
            let result = try await gcs.uploadMission([loiter, loiter, loiter])
            #expect(result == .accepted)
            try await waitUntil("aborted", timeout: .seconds(30)) { await Self.aborted(harness, "a-foreign") != nil }
            let event = try #require(await Self.aborted(harness, "a-foreign"))
            #expect(event.kind == .phase(.aborted, reason: .missionFailed))
            let detail = event.detail ?? ""
            #expect(
                detail.contains("another ground station") || detail.contains("reports a mission of 3 items"), "\(event)"
            )
            let alarms = await harness.observer.alarms()
            #expect(alarms.contains { $0.code == .missionFailed && $0.severity == .critical })
            await gcs.close()
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }
}

extension AutopilotFamilyFlightTests {
    @Test("ArduCopter's own failsafe (GPS lost: LAND mode) aborts the assignment with autopilotFailsafe")
    func arduCopterFailsafe() async throws {
        let harness = try await AgentHarness(
            droneID: "fam-apfs", speed: 10, extraConfig: "loadingMode: hover",
            simArguments: Personality.arduCopter.simArguments)
        do {
            try await harness.waitUntilReady()
            _ = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-apfs")))
            try await waitUntil("en route to pickup", timeout: .seconds(30)) {
                await harness.observer.phases("a-apfs").contains { $0.phase == .enRouteToPickup }
            }
            #expect(try await harness.simControl("fault 0 gps-loss on") == "ok\n")
            try await waitUntil("aborted", timeout: .seconds(15)) {
                await harness.observer.phases("a-apfs").last?.phase == .aborted
            }
            #expect(await harness.observer.phases("a-apfs").last?.reason == .autopilotFailsafe)
            try await waitUntil("telemetry in ArduCopter LAND, decoded as land", timeout: .seconds(10)) {
                await harness.observer.telemetry.contains { $0.flightMode == "land" }
            }
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test(
        "ArduCopter without MIS_OPTIONS: a cancel with returnTo pickup takes the package home instead of retrying forever"
    )
    func arduCopterCancelToPickupWithoutMisOptions() async throws {
        let harness = try await AgentHarness(
            droneID: "fam-apcancel", speed: 10, extraConfig: "loadingMode: hover",
            simArguments: Personality.arduCopter.simArguments)
        do {
            try await harness.waitUntilReady()
            _ = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-apcancel")))
            try await waitUntil("en route to dropoff", timeout: .seconds(40)) {
                await harness.observer.phases("a-apcancel").contains { $0.phase == .enRouteToDropoff }
            }
            let cancelledAt = Date().millis
            _ = try await harness.send(.cancel(assignmentID: "a-apcancel", returnTo: .pickup))
            try await waitUntil("alarm", timeout: .seconds(15)) {
                await harness.observer.events.contains {
                    if case let .alarm(.missionFailed, .warning, message) = $0.kind {
                        message.contains("MIS_OPTIONS")
                    } else {
                        false
                    }
                }
            }
            try await FailsafeTests.waitLanded(harness, near: AgentHarness.home, after: cancelledAt)
            try await waitUntil("free again", timeout: .seconds(15)) {
                await harness.observer.lastState?.assignmentID == nil
            }
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }
}
