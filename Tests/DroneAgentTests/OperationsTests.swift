import DroneAgent
import FleetProtocol
import Foundation
import TestSupport
import Testing

/// The executable as operators run it: --help, SIGTERM.
@Suite("Drone agent operations")
struct OperationsTests {
    @Test("drone-agent --help documents the config file and the flags")
    func help() throws {
        let output = try ChildProcess.run(try ChildProcess.product("drone-agent"), ["--help"])
        for flag in [
            "--config", "--drone-id", "--mqtt-host", "--mqtt-port", "--mavlink", "--data-dir", "--telemetry-rate",
            "--link-loss-timeout", "--log-level",
        ] {
            #expect(output.contains(flag), "\(flag) missing from --help")
        }
    }

    @Test("SIGTERM: the agent flushes its outbox, publishes offline and exits 0")
    func sigterm() async throws {
        let harness = try await AgentHarness(droneID: "term-1")
        do {
            try await harness.waitUntilReady()
            // Something in the outbox to flush: a rejected assignment is two events.
            let far = Assignment(
                assignmentID: "a-term", deliveryID: "d-term",
                pickup: AgentHarness.home.destination(distanceM: 9000, bearingDeg: 0),
                dropoff: AgentHarness.home.destination(distanceM: 300, bearingDeg: 0), payloadKg: 1)
            let commandID = try await harness.send(.assign(far))
            try await waitUntil("reply", timeout: .seconds(10)) { await harness.observer.reply(commandID) != nil }
            await harness.agent.signal(SIGTERM)
            let status = try await harness.agent.waitForExit(timeout: .seconds(10))
            #expect(status == 0)
            try await waitUntil("offline state", timeout: .seconds(5)) {
                await harness.observer.lastState?.presence == .offline
            }
            #expect(await harness.observer.phases("a-term").map(\.phase) == [.received, .rejected])
            #expect(harness.agent.log().contains("outboxPending=0"))
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test("connects as its drone id with the password from a file; after kill -9 the Last Will marks it offline")
    func credentialsAndLastWill() async throws {
        let harness = try await AgentHarness(droneID: "cred-1", password: "s3cret-pw")
        do {
            try await harness.waitUntilReady()
            let online = try #require(await harness.observer.lastState)
            #expect(
                online.presence == .online && online.capabilities.maxPayloadKg == 2.5
                    && online.agentVersion == GroundLink.agentVersion)
            await harness.agent.kill()
            // The kernel closes the dead process's socket without an MQTT DISCONNECT: the broker publishes the will.
            try await waitUntil("offline from the Last Will", timeout: .seconds(15)) {
                await harness.observer.lastState?.presence == .offline
            }
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test(
        "over TLS with the broker's CA the agent comes online and streams telemetry; with another CA it never connects")
    func tlsLink() async throws {
        let pki = try TestCertificates()
        let harness = try await AgentHarness(droneID: "tls-1", password: "tls-pw", tls: pki)
        do {
            try await harness.waitUntilReady()
            #expect(await harness.observer.lastState?.presence == .online)
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()

        let otherCA = try TestCertificates(name: "not-the-broker-ca")
        let refused = try await AgentHarness(
            droneID: "tls-2", password: "tls-pw", tls: pki, agentCAFile: otherCA.caFile)
        do {
            try await waitUntil("the agent logs the failed TLS handshake", timeout: .seconds(20)) {
                refused.agent.log().contains("TLS")
            }
            #expect(await refused.observer.lastState == nil)
            #expect(await refused.observer.telemetry.isEmpty)
        } catch {
            Issue.record("\(error)\n\(await refused.diagnostics())")
        }
        await refused.shutdown()
        pki.directory.remove()
        otherCA.directory.remove()
    }
}
