import DroneAgent
import FleetProtocol
import Foundation
import TestSupport
import Testing

/// Whole deliveries flown by the real agent against a real firmware-sim and a real broker.
@Suite("Drone agent flights", .serialized)
struct DeliveryFlightTests {
    static let lifecycle: [AssignmentPhase] = [
        .received, .accepted, .preflight, .takeoff, .enRouteToPickup, .atPickup, .enRouteToDropoff, .atDropoff,
        .returning, .landed, .completed,
    ]

    @Test("a full assignment flies and every lifecycle event arrives once, in order")
    func fullAssignment() async throws {
        let harness = try await AgentHarness(droneID: "full-1")
        do {
            try await harness.waitUntilReady()
            let commandID = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-full")))
            try await waitUntil("reply", timeout: .seconds(10)) { await harness.observer.reply(commandID) != nil }
            let reply = try #require(await harness.observer.reply(commandID))
            #expect(reply.accepted, "\(reply)")
            try await waitUntil("completed", timeout: .seconds(90)) {
                await harness.observer.phases("a-full").contains { $0.phase == .completed }
            }
            let phases = await harness.observer.phases("a-full")
            #expect(phases.map(\.phase) == Self.lifecycle)
            // Exactly once: no event delivered twice in a run without faults.
            let raw = await harness.observer.events.filter { $0.assignmentID == "a-full" }
            #expect(raw.count == Self.lifecycle.count)
            let seqs = phases.map(\.seq)
            #expect(seqs == Array(seqs[0]...(seqs[0] + UInt64(seqs.count) - 1)))
            // Telemetry while flying is at the configured 5 Hz, with the assignment attached.
            // The agent asked the autopilot for every stream it reads, and got them.
            #expect(
                harness.agent.log().contains(/accepted=7 .*requested=7 .*autopilot streams requested/),
                "SET_MESSAGE_INTERVAL for all streams")
            let flying = await harness.observer.telemetry.filter { $0.assignmentID == "a-full" && $0.armed }
            #expect(flying.count > 10)
            let first = try #require(flying.first), last = try #require(flying.last)
            #expect(last.timeMs > first.timeMs + 2000, "armed for more than 2 s of telemetry")
            let rate = Double(flying.count - 1) / (Double(max(last.timeMs - first.timeMs, 1)) / 1000)
            #expect((4...6).contains(rate), "telemetry at the configured 5 Hz, got \(rate)")
            // The last event reports the energy the assignment used, by the agent's own battery model.
            let completed = try #require(raw.first { if case .phase(.completed, _) = $0.kind { true } else { false } })
            #expect((completed.energyUsedWh ?? 0) > 0, "completed event carries energyUsedWh: \(completed)")
            #expect(raw.filter { $0.energyUsedWh != nil }.count == 1, "only the terminal phase carries it")
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test("kill -9 of the agent mid-cruise, restart: the delivery completes with gap-free events")
    func killAndRestart() async throws {
        let harness = try await AgentHarness(droneID: "kill-1", speed: 10)
        do {
            try await harness.waitUntilReady()
            _ = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-kill")))
            try await waitUntil("cruising to dropoff", timeout: .seconds(60)) {
                await harness.observer.phases("a-kill").contains { $0.phase == .enRouteToDropoff }
            }
            await harness.agent.kill()
            try await Task.sleep(for: .seconds(1))
            try await harness.agent.start()
            try await waitUntil("completed after restart", timeout: .seconds(90)) {
                await harness.observer.phases("a-kill").contains { $0.phase == .completed }
            }
            let phases = await harness.observer.phases("a-kill")
            #expect(phases.map(\.phase) == Self.lifecycle)
            let seqs = await harness.observer.eventSeqs()
            #expect(seqs == Array(1...UInt64(seqs.count)), "eventSeq must be gap-free across the restart")
            #expect(await harness.observer.conflictingEventSeqs().isEmpty, "no eventSeq given to two different events")
            #expect(harness.agent.log().contains("resuming assignment"), "the restarted agent resumed from its store")
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test("broker stopped 20 s mid-flight: every event arrives afterwards")
    func brokerOutage() async throws {
        let harness = try await AgentHarness(droneID: "outage-1", speed: 4)
        do {
            try await harness.waitUntilReady()
            _ = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-out")))
            try await waitUntil("en route to pickup", timeout: .seconds(60)) {
                await harness.observer.phases("a-out").contains { $0.phase == .enRouteToPickup }
            }
            await harness.broker.stop()
            let downAt = Date().millis
            try await TestPace.sleep(.seconds(20))
            let upAt = Date().millis
            try await harness.broker.start()
            try await waitUntil("completed after the outage", timeout: .seconds(120)) {
                await harness.observer.phases("a-out").contains { $0.phase == .completed }
            }
            #expect(await harness.observer.phases("a-out").map(\.phase) == Self.lifecycle)
            let seqs = await harness.observer.eventSeqs()
            #expect(seqs == Array(1...UInt64(seqs.count)))
            // The flight went on during the outage: some events were recorded then and delivered later.
            let duringOutage = await harness.observer.events.filter { (downAt...upAt).contains($0.timeMs) }
            #expect(!duringOutage.isEmpty, "phases reached while the broker was down")
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }
}
