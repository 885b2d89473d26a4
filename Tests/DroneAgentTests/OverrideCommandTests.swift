import DroneAgent
import FleetProtocol
import Foundation
import TestSupport
import Testing

/// `recall` and `land-now` mid-flight, against the real agent, sim and broker.
@Suite("Drone agent recall and land-now", .serialized)
struct OverrideCommandTests {
    /// Flies an assignment until it is en route to the pickup, sends `kind`, and returns the time of the reply.
    static func interrupt(_ harness: AgentHarness, assignmentID: String, with kind: Command.Kind) async throws -> Int64
    {
        try await harness.waitUntilReady()
        _ = try await harness.send(.assign(AgentHarness.shortAssignment(id: assignmentID)))
        try await waitUntil("en route to pickup", timeout: .seconds(30)) {
            await harness.observer.phases(assignmentID).contains { $0.phase == .enRouteToPickup }
        }
        // Let it get some way out first.
        try await TestPace.sleep(.seconds(1))
        let commandID = try await harness.send(kind)
        try await waitUntil("reply", timeout: .seconds(10)) { await harness.observer.reply(commandID) != nil }
        let reply = try #require(await harness.observer.reply(commandID))
        #expect(reply.accepted, "\(reply)")
        return reply.timeMs
    }

    @Test("recall mid-flight: aborted with recalled, the drone returns home and lands")
    func recall() async throws {
        let harness = try await AgentHarness(droneID: "recall-1", speed: 10)
        do {
            let at = try await Self.interrupt(harness, assignmentID: "a-recall", with: .recall)
            #expect(
                await harness.observer.phases("a-recall").last.map { $0.phase == .aborted && $0.reason == .recalled }
                    == true)
            try await FailsafeTests.waitLanded(harness, near: AgentHarness.home, after: at)
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test("land-now mid-flight: aborted with landNow, the drone lands where it is, away from home and pickup")
    func landNow() async throws {
        let harness = try await AgentHarness(droneID: "landnow-1", speed: 10)
        do {
            let at = try await Self.interrupt(harness, assignmentID: "a-land", with: .landNow)
            #expect(
                await harness.observer.phases("a-land").last.map { $0.phase == .aborted && $0.reason == .landNow }
                    == true)
            try await waitUntil("down and disarmed", timeout: .seconds(30)) {
                await harness.observer.telemetry(after: at).contains { !$0.armed && $0.landedState == .onGround }
            }
            let down = try #require(
                await harness.observer.telemetry(after: at).first { !$0.armed && $0.landedState == .onGround })
            let pickup = AgentHarness.shortAssignment(id: "a-land").pickup
            #expect(down.position.point.distance(to: AgentHarness.home) > 30, "landed at home instead of in place")
            #expect(down.position.point.distance(to: pickup) > 30, "flew on to the pickup")
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }
}
