import DroneAgent
import FleetProtocol
import Foundation
import TestSupport
import Testing

/// The agent's failsafes with faults injected into the real simulator and the real broker.
@Suite("Drone agent failsafes", .serialized)
struct FailsafeTests {
    /// Waits until the vehicle is down and disarmed within `radiusM` of `point`.
    static func waitLanded(
        _ harness: AgentHarness, near point: GeoPoint, radiusM: Double = 15, after timeMs: Int64 = 0,
        timeout: Duration = .seconds(60)
    ) async throws {
        try await waitUntil("landed and disarmed near \(point)", timeout: timeout) {
            await harness.observer.telemetry(after: timeMs).contains {
                !$0.armed && $0.landedState == .onGround && $0.position.point.distance(to: point) < radiusM
            }
        }
    }

    @Test(
        "battery below the reserve mid-flight: aborted with lowBattery, back home; telemetry never below 1 Hz airborne")
    func lowBattery() async throws {
        // 0.5 Hz configured: on the ground it is 0.5 Hz, in the air the agent raises it to 1 Hz.
        let harness = try await AgentHarness(droneID: "lowbat-1", speed: 10, telemetryRateHz: 0.5)
        do {
            try await harness.waitUntilReady()
            _ = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-low")))
            try await waitUntil("en route to pickup", timeout: .seconds(30)) {
                await harness.observer.phases("a-low").contains { $0.phase == .enRouteToPickup }
            }
            #expect(try await harness.simControl("fault 0 battery-sag 80") == "ok\n")
            try await waitUntil("aborted", timeout: .seconds(15)) {
                await harness.observer.phases("a-low").last?.phase == .aborted
            }
            #expect(await harness.observer.phases("a-low").last?.reason == .lowBattery)
            let abortedAt = try #require(
                await harness.observer.events.last { if case .phase(.aborted, _) = $0.kind { true } else { false } }
            ).timeMs
            try await Self.waitLanded(harness, near: AgentHarness.home, after: abortedAt)
            // Never a gap above ~1 s between airborne samples (the agent's own clock, wall time; a sanitizer's
            // slowdown stretches what the agent can keep).
            let airborne = await harness.observer.telemetry.filter { $0.armed && $0.position.altRelM > 1 }
            let gaps = zip(airborne.dropFirst(), airborne).map { $0.timeMs - $1.timeMs }
            #expect(airborne.count >= 3)
            #expect(Double(gaps.max() ?? 0) <= 1300 * TestPace.slowdown, "airborne telemetry gaps \(gaps)")
            let ground = await harness.observer.telemetry.filter { !$0.armed }
            let groundGaps = zip(ground.dropFirst(), ground).map { $0.timeMs - $1.timeMs }.filter { $0 < 5000 }
            #expect((groundGaps.min() ?? 2000) >= 1500, "configured 0.5 Hz on the ground: \(groundGaps)")
            // The assignment is over: the retained state no longer names it.
            try await waitUntil("assignment cleared", timeout: .seconds(10)) {
                await harness.observer.lastState?.assignmentID == nil
            }
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test("ground link lost longer than the limit before pickup: return home; the abort arrives when the link is back")
    func groundLinkLost() async throws {
        let harness = try await AgentHarness(droneID: "linkloss-1", speed: 3, linkLossReturnSeconds: 2)
        do {
            try await harness.waitUntilReady()
            _ = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-link")))
            try await waitUntil("en route to pickup", timeout: .seconds(30)) {
                await harness.observer.phases("a-link").contains { $0.phase == .enRouteToPickup }
            }
            await harness.broker.stop()
            try await TestPace.sleep(.seconds(5))
            try await harness.broker.start()
            try await waitUntil("aborted event after the outage", timeout: .seconds(20)) {
                await harness.observer.phases("a-link").last?.phase == .aborted
            }
            let phases = await harness.observer.phases("a-link")
            #expect(phases.last?.reason == .groundLinkLost)
            #expect(!phases.contains { $0.phase == .atPickup }, "turned back before the pickup")
            let abortedAt = try #require(
                await harness.observer.events.last { if case .phase(.aborted, _) = $0.kind { true } else { false } }
            ).timeMs
            try await Self.waitLanded(harness, near: AgentHarness.home, after: abortedAt)
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test("cancel after pickup with returnTo pickup: the package goes back to the pickup, then the drone goes home")
    func cancelAfterPickup() async throws {
        let harness = try await AgentHarness(droneID: "cancel-1", speed: 10)
        do {
            try await harness.waitUntilReady()
            let assignment = AgentHarness.shortAssignment(id: "a-cancel")
            _ = try await harness.send(.assign(assignment))
            try await waitUntil("en route to dropoff", timeout: .seconds(40)) {
                await harness.observer.phases("a-cancel").contains { $0.phase == .enRouteToDropoff }
            }
            let cancelledAt = Date().millis
            let commandID = try await harness.send(.cancel(assignmentID: "a-cancel", returnTo: .pickup))
            try await waitUntil("reply", timeout: .seconds(10)) { await harness.observer.reply(commandID) != nil }
            #expect(await harness.observer.reply(commandID)?.accepted == true)
            try await waitUntil("aborted", timeout: .seconds(10)) {
                await harness.observer.phases("a-cancel").last?.phase == .aborted
            }
            #expect(await harness.observer.phases("a-cancel").last?.reason == .cancelled)
            // Back at the pickup on the ground (package left there), then home.
            try await waitUntil("on the ground at the pickup", timeout: .seconds(40)) {
                await harness.observer.telemetry(after: cancelledAt).contains {
                    $0.landedState == .onGround && $0.position.point.distance(to: assignment.pickup) < 15
                }
            }
            try await Self.waitLanded(harness, near: AgentHarness.home, after: cancelledAt)
            #expect(!(await harness.observer.phases("a-cancel").contains { $0.phase == .atDropoff }))
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test("autopilot heartbeat lost for more than 3 s raises an alarm, its return another")
    func autopilotLoss() async throws {
        let harness = try await AgentHarness(droneID: "aploss-1", speed: 10)
        do {
            try await harness.waitUntilReady()
            let faultAt = Date().millis
            // 80 simulated seconds at speed 10: 8 s of silence.
            #expect(try await harness.simControl("fault 0 link-loss 80") == "ok\n")
            try await waitUntil("loss alarm", timeout: .seconds(10)) {
                await harness.observer.alarms().contains { $0.code == .autopilotLost && $0.severity == .critical }
            }
            let lost = try #require(await harness.observer.alarms().first { $0.code == .autopilotLost })
            // The agent's 3 s bound is wall time: slowed down, it notices as late as its loop allows.
            let latest = Int64(3000 + 2000 * TestPace.slowdown)
            #expect((2500...latest).contains(lost.timeMs - faultAt), "detected after \(lost.timeMs - faultAt) ms")
            try await waitUntil("recovery alarm", timeout: .seconds(15)) {
                await harness.observer.alarms().contains { $0.code == .autopilotLost && $0.severity == .info }
            }
            #expect(await harness.observer.alarms().map(\.severity) == [.critical, .info])
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test("an autopilot failsafe mid-flight (GPS lost: it lands) aborts the assignment with autopilotFailsafe")
    func autopilotFailsafe() async throws {
        let harness = try await AgentHarness(droneID: "apfs-1", speed: 10)
        do {
            try await harness.waitUntilReady()
            _ = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-fs")))
            try await waitUntil("en route to pickup", timeout: .seconds(30)) {
                await harness.observer.phases("a-fs").contains { $0.phase == .enRouteToPickup }
            }
            #expect(try await harness.simControl("fault 0 gps-loss on") == "ok\n")
            try await waitUntil("aborted", timeout: .seconds(15)) {
                await harness.observer.phases("a-fs").last?.phase == .aborted
            }
            #expect(await harness.observer.phases("a-fs").last?.reason == .autopilotFailsafe)
            try await waitUntil("landed and disarmed", timeout: .seconds(30)) {
                await harness.observer.telemetry.last.map { !$0.armed && $0.landedState == .onGround } ?? false
            }
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }
}
