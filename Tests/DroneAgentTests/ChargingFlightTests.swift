import DroneAgent
import FleetProtocol
import Foundation
import TestSupport
import Testing

/// A real agent, firmware-sim and broker: a drone that comes back low lands on its depot's pad, charges,
/// and says so on MQTT with when it will be ready.
@Suite("Drone agent charging", .serialized)
struct ChargingFlightTests {
    @Test("a low drone lands at its depot, charges, reports charging with readyAtMs, then full")
    func chargesAtDepot() async throws {
        let files = try TemporaryDirectory(prefix: "depots")
        let depots = files.file("depots.json")
        try """
        {"depots":[{"depotId":"home-pad","lat":\(AgentHarness.home.lat),"lon":\(AgentHarness.home.lon),"pads":1,\
        "chargePowerW":3000,"swapSeconds":60,"mode":"charge"}]}
        """.write(to: depots, atomically: true, encoding: .utf8)
        let harness = try await AgentHarness(
            droneID: "charge-1", extraConfig: "dispatchReadyPercent: 90", simArguments: ["--depots-file", depots.path])
        do {
            try await harness.waitUntilReady()
            let commandID = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-charge")))
            try await waitUntil("reply", timeout: .seconds(10)) { await harness.observer.reply(commandID) != nil }
            #expect(try #require(await harness.observer.reply(commandID)).accepted)
            try await waitUntil("flying to the dropoff", timeout: .seconds(60)) {
                await harness.observer.phases("a-charge").contains { $0.phase == .enRouteToDropoff }
            }
            // Comes home low: 45 points lost on the way.
            #expect(try await harness.simControl("fault 0 battery-sag 45") == "ok\n")
            try await waitUntil("completed", timeout: .seconds(90)) {
                await harness.observer.phases("a-charge").contains { $0.phase == .completed }
            }
            let flying = await harness.observer.telemetry.filter { $0.armed }
            #expect(!flying.isEmpty && flying.allSatisfy { $0.battery.chargeState == .discharging })
            #expect(flying.allSatisfy { $0.battery.readyAtMs == nil })
            try await waitUntil("charging with a ready time", timeout: .seconds(30)) {
                await harness.observer.telemetry.last.map {
                    $0.battery.chargeState == .charging && $0.battery.readyAtMs != nil
                } ?? false
            }
            let charging = try #require(await harness.observer.telemetry.last)
            #expect(charging.battery.percent < 90)
            #expect(!charging.armed && charging.landedState == .onGround)
            #expect(try #require(charging.battery.readyAtMs) > charging.timeMs)
            #expect(try await harness.simControl("status").contains("depot home-pad charging"))
            try await waitUntil("full", timeout: .seconds(120)) {
                await harness.observer.telemetry.last?.battery.chargeState == .full
            }
            let samples = await harness.observer.telemetry.filter { $0.timeMs >= charging.timeMs }
            let percents = samples.filter { $0.battery.chargeState == .charging }.map(\.battery.percent)
            #expect(percents == percents.sorted(), "the charge only rises")
            let full = try #require(samples.last)
            #expect(full.battery.percent == 100)
            #expect(try #require(full.battery.readyAtMs) <= full.timeMs)
            // Once the pack is at the 90 % dispatch level the ready time is then, not later (SYS_STATUS may
            // show the new level a report before BATTERY_STATUS does: one charge step of slack).
            let reached = try #require(samples.first { $0.battery.percent >= 91 })
            if reached.battery.chargeState == .charging {
                let slack = Int64(5000 * TestPace.slowdown)
                #expect(try #require(reached.battery.readyAtMs) <= reached.timeMs + slack)
            }
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }
}
