import DroneAgent
import FleetProtocol
import Foundation
import TestSupport
import Testing

/// Acceptance checks and command hygiene, against the real agent, broker and sim.
@Suite("Drone agent commands")
struct CommandHandlingTests {
    @Test("assignments beyond battery range or outside the geofence are rejected with their reasons")
    func rejections() async throws {
        let harness = try await AgentHarness(droneID: "reject-1")
        do {
            try await harness.waitUntilReady()
            let outside = Assignment(
                assignmentID: "a-out", deliveryID: "d-out",
                pickup: AgentHarness.home.destination(distanceM: 300, bearingDeg: 0),
                dropoff: AgentHarness.home.destination(distanceM: 4000, bearingDeg: 0), payloadKg: 1)
            let heavy = Assignment(
                assignmentID: "a-heavy", deliveryID: "d-heavy",
                pickup: AgentHarness.home.destination(distanceM: 300, bearingDeg: 0),
                dropoff: AgentHarness.home.destination(distanceM: 300, bearingDeg: 90), payloadKg: 4)
            let outsideID = try await harness.send(.assign(outside))
            let heavyID = try await harness.send(.assign(heavy))
            try await waitUntil("two replies", timeout: .seconds(10)) {
                let first = await harness.observer.reply(outsideID), second = await harness.observer.reply(heavyID)
                return first != nil && second != nil
            }
            let outsideReply = try #require(await harness.observer.reply(outsideID))
            let heavyReply = try #require(await harness.observer.reply(heavyID))
            #expect(!outsideReply.accepted && outsideReply.reason == .outsideGeofence)
            #expect(!heavyReply.accepted && heavyReply.reason == .payloadTooHeavy)
            try await waitUntil("rejected events", timeout: .seconds(10)) {
                await harness.observer.phases("a-out").last?.phase == .rejected
            }
            #expect(await harness.observer.phases("a-out").map(\.reason) == [nil, .outsideGeofence])
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test("an assignment beyond battery range is rejected with insufficientBattery")
    func beyondBattery() async throws {
        // A 40 km fence so only energy can refuse: 1 + 8 + 9 km with 2.5 kg needs more than 80 % of 250 Wh.
        let harness = try await AgentHarness(droneID: "battery-1", fenceHalfSizeM: 20_000)
        do {
            try await harness.waitUntilReady()
            let commandID = try await harness.send(
                .assign(
                    Assignment(
                        assignmentID: "a-range", deliveryID: "d-range",
                        pickup: AgentHarness.home.destination(distanceM: 1000, bearingDeg: 90),
                        dropoff: AgentHarness.home.destination(distanceM: 9000, bearingDeg: 90), payloadKg: 2.5)))
            try await waitUntil("reply", timeout: .seconds(10)) { await harness.observer.reply(commandID) != nil }
            let reply = try #require(await harness.observer.reply(commandID))
            #expect(!reply.accepted)
            #expect(reply.reason == .insufficientBattery, "\(reply)")
            try await waitUntil("rejected event", timeout: .seconds(10)) {
                await harness.observer.phases("a-range").last?.phase == .rejected
            }
            #expect(await harness.observer.phases("a-range").map(\.reason) == [nil, .insufficientBattery])
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test(
        "malformed, unknown, wrong-version and expired commands get an error reply and change nothing; duplicates (rejected and accepted) are idempotent"
    )
    func badCommands() async throws {
        let harness = try await AgentHarness(droneID: "bad-1")
        do {
            try await harness.waitUntilReady()
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try await harness.sendRaw(#"{"v":1,"type":"command","commandId":"c-malformed","droneId":"bad-1","#)
            try await harness.sendRaw(
                #"{"v":1,"type":"command","commandId":"c-unknown","droneId":"bad-1","issuedAtMs":\#(now),"expiresAtMs":\#(now + 60000),"kind":"self-destruct"}"#
            )
            try await harness.sendRaw(#"{"v":7,"type":"command","commandId":"c-version","droneId":"bad-1"}"#)
            try await harness.sendRaw(
                #"{"v":1,"type":"command","commandId":"c-missing","droneId":"bad-1","kind":"assign"}"#)
            let expired = try await harness.send(.recall, commandID: "c-expired", expiresInMs: -1)
            _ = expired
            try await waitUntil("five replies", timeout: .seconds(10)) { await harness.observer.replies.count >= 5 }
            #expect(await harness.observer.reply("c-malformed")?.reason == .malformed)
            #expect(await harness.observer.reply("c-unknown")?.reason == .unknownCommand)
            #expect(await harness.observer.reply("c-version")?.reason == .unsupportedVersion)
            #expect(await harness.observer.reply("c-missing")?.reason == .malformed)
            #expect(await harness.observer.reply("c-expired")?.reason == .expired)
            #expect(await harness.observer.replies.allSatisfy { !$0.accepted })
            // Nothing changed: no events, still idle and on the ground.
            #expect(await harness.observer.events.isEmpty)
            #expect(await harness.observer.lastState?.assignmentID == nil)
            #expect(await harness.observer.telemetry.last?.armed == false)

            // Same commandId twice: same reply, one action.
            let assignment = Assignment(
                assignmentID: "a-dup", deliveryID: "d-dup",
                pickup: AgentHarness.home.destination(distanceM: 20_000, bearingDeg: 0),
                dropoff: AgentHarness.home.destination(distanceM: 300, bearingDeg: 0), payloadKg: 1)
            _ = try await harness.send(.assign(assignment), commandID: "c-dup")
            try await waitUntil("first reply", timeout: .seconds(10)) { await harness.observer.reply("c-dup") != nil }
            _ = try await harness.send(.assign(assignment), commandID: "c-dup")
            try await waitUntil("second reply", timeout: .seconds(10)) {
                await harness.observer.replies("c-dup").count == 2
            }
            let both = await harness.observer.replies("c-dup")
            #expect(both[0] == both[1])
            try await TestPace.sleep(.milliseconds(500))
            #expect(await harness.observer.phases("a-dup").count == 2, "received + rejected once, not twice")

            // An accepted command again: the same reply, one acceptance. The same assignment under a new
            // commandId (what ground sends when a reply was lost in an agent crash) is the same answer too,
            // with no second action.
            let short = Assignment(
                assignmentID: "a-ok", deliveryID: "d-ok",
                pickup: AgentHarness.home.destination(distanceM: 200, bearingDeg: 0),
                dropoff: AgentHarness.home.destination(distanceM: 200, bearingDeg: 90), payloadKg: 1)
            _ = try await harness.send(.assign(short), commandID: "c-ok")
            try await waitUntil("accepted", timeout: .seconds(10)) { await harness.observer.reply("c-ok") != nil }
            _ = try await harness.send(.assign(short), commandID: "c-ok")
            _ = try await harness.send(.assign(short), commandID: "c-ok-again")
            try await waitUntil("both answered", timeout: .seconds(10)) {
                let repeated = await harness.observer.replies("c-ok").count
                let again = await harness.observer.reply("c-ok-again")
                return repeated == 2 && again != nil
            }
            let okReplies = await harness.observer.replies("c-ok")
            #expect(okReplies[0] == okReplies[1] && okReplies[0].accepted)
            #expect(await harness.observer.reply("c-ok-again")?.accepted == true)
            try await TestPace.sleep(.milliseconds(500))
            let okPhases = await harness.observer.phases("a-ok").map(\.phase)
            #expect(
                okPhases.filter { $0 == .received }.count == 1 && okPhases.filter { $0 == .accepted }.count == 1,
                "\(okPhases)")

            // resend-events: what the broker already acknowledged is published again, byte for byte the same event.
            let firstCopies = await harness.observer.events.filter { $0.eventSeq == 1 }
            #expect(firstCopies.count == 1)
            _ = try await harness.send(.resendEvents(fromSeq: 1), commandID: "c-resend")
            try await waitUntil("re-sent", timeout: .seconds(10)) {
                let reply = await harness.observer.reply("c-resend")
                let copies = await harness.observer.events.filter { $0.eventSeq == 1 }.count
                return reply?.accepted == true && copies >= 2
            }
            let copies = await harness.observer.events.filter { $0.eventSeq == 1 }
            #expect(copies.dropFirst().allSatisfy { $0 == copies[0] })
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }
}
