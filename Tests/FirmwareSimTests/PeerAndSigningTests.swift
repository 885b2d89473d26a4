import FirmwareSim
import MAVLink
import TestSupport
import Testing

@Suite("firmware-sim: learned peer and MAVLink signing")
struct PeerAndSigningTests {
    static let key = try! MAVLinkSigningKey(bytes: (0..<32).map { UInt8(($0 * 13 + 5) & 0xFF) })
    static let gcsHeartbeat = Heartbeat(
        type: .gcs, autopilot: .invalid, baseMode: [], customMode: 0, systemStatus: .active)

    /// Vehicle frames among raw datagrams (a vehicle sends one frame per datagram).
    private func heartbeats(in datagrams: [[UInt8]]) -> Int {
        var parser = MAVLinkStreamParser()
        return datagrams.flatMap { parser.parseDatagram($0) }.filter { $0.messageID == Heartbeat.messageID }.count
    }

    @Test("a foreign sender does not steal the stream while the peer talks, and takes it over once the peer is silent")
    func foreignSenderKeepsOut() async throws {
        var configuration = SimFixture.configuration()
        // PX4's 3 s window: with 1 s a loaded machine sometimes left the peer's rounds (blocking 200 ms
        // receives of the intruder in between) more than a second apart, and the intruder took over.
        configuration.peerSilenceSeconds = 3 * TestPace.slowdown
        try await SimFixture.withSimulator(configuration) { sim, peer in
            _ = try await peer.next(Heartbeat.self)
            let intruder = try UDPDatagramSocket()
            let port = sim.endpoints[0].port
            var intruderHeard: [[UInt8]] = []
            // Both talk, each about every 200 ms, for two seconds: the peer keeps the stream.
            for i in 0..<10 {
                // The peer speaks first each round, so it is never silent for the window.
                try await peer.send(Self.gcsHeartbeat)
                try intruder.send(
                    MAVLinkFrame.encode(Self.gcsHeartbeat, systemID: 200, componentID: 190, sequence: UInt8(i)),
                    toPort: port)
                intruderHeard += intruder.receive(for: .milliseconds(200))
            }
            #expect(heartbeats(in: intruderHeard) == 0)
            let before = try await sim.statistics()
            #expect(before.foreignDatagrams >= 10)
            #expect(before.peerChanges == 1)
            _ = try await peer.next(Heartbeat.self)

            // The peer goes quiet: after the silence window the intruder (now just the next peer) is answered.
            await peer.close()
            let deadline = ContinuousClock.now + TestPace.scaled(.seconds(10))
            var answered = 0
            var sequence: UInt8 = 100
            while answered == 0, ContinuousClock.now < deadline {
                try intruder.send(
                    MAVLinkFrame.encode(Self.gcsHeartbeat, systemID: 200, componentID: 190, sequence: sequence),
                    toPort: port)
                sequence &+= 1
                answered = heartbeats(in: intruder.receive(for: .milliseconds(250)))
            }
            #expect(answered > 0)
            #expect(try await sim.statistics().peerChanges == 2)
        }
    }

    @Test("with a signing key the vehicle signs its frames and refuses unsigned, corrupted and replayed ones")
    func signing() async throws {
        var configuration = SimFixture.configuration()
        configuration.signingKey = Self.key
        // Takeover is not what this test is about: on a loaded machine the peer's steps here can be more
        // than 3 s apart, and the forger's correctly signed frame would then make the forger the peer.
        configuration.peerSilenceSeconds = 60
        let sim = try await Simulator.start(configuration)
        let port = sim.endpoints[0].port
        let peer = try await MAVLinkTestPeer(
            vehiclePort: port, security: MAVLinkLinkSecurity(signingKey: Self.key, linkID: 1))
        do {
            try await peer.send(Self.gcsHeartbeat)
            _ = try await peer.next(Heartbeat.self)
            #expect(try await peer.linkStatistics().refused == 0)
            #expect(try await peer.linkStatistics().parser.signedFrames > 0)

            // A forger on another port asks for AUTOPILOT_VERSION: unsigned, with a corrupted signature, and
            // by replaying a correctly signed frame. The answer would go to the learned peer, so the peer
            // seeing no AUTOPILOT_VERSION shows all three were refused.
            let forger = try UDPDatagramSocket()
            let request = CommandLong(
                targetSystem: 1, targetComponent: 1, command: .requestMessage, confirmation: 0,
                param1: Float(AutopilotVersion.messageID))
            let unsigned = MAVLinkFrame.encode(request, systemID: 250, componentID: 190, sequence: 1)
            var signer = MAVLinkSigner(key: Self.key, linkID: 9)
            var signed = unsigned
            try signer.sign(&signed, frameStart: 0)
            var corrupted = signed
            corrupted[corrupted.count - 3] ^= 0x10
            try forger.send(unsigned, toPort: port)
            try forger.send(corrupted, toPort: port)
            try await TestPace.sleep(.milliseconds(500))
            #expect(await peer.received(AutopilotVersion.self).isEmpty)
            #expect(try await sim.statistics().signatureRejected >= 2)

            // The correctly signed frame is accepted once (the peer sees the answer); its replay is refused.
            // The peer speaks first, so it is not silent long enough to lose the stream to the forger.
            try await peer.send(Self.gcsHeartbeat)
            try forger.send(signed, toPort: port)
            _ = try await peer.next(AutopilotVersion.self)
            let rejected = try await sim.statistics().signatureRejected
            try forger.send(signed, toPort: port)
            try await TestPace.sleep(.milliseconds(500))
            #expect(try await sim.statistics().signatureRejected == rejected + 1)
            #expect(await peer.received(AutopilotVersion.self).count == 1)

            // The signed peer's own commands work.
            #expect(try await peer.command(.requestMessage, Float(HomePosition.messageID)) == .accepted)
        } catch {
            await peer.close()
            try? await sim.shutdown()
            throw error
        }
        await peer.close()
        try await sim.shutdown()
    }

    @Test("an unsigned peer is never learned by a signing vehicle")
    func unsignedPeerIgnored() async throws {
        var configuration = SimFixture.configuration()
        configuration.signingKey = Self.key
        try await SimFixture.withSimulator(configuration) { sim, peer in
            try await TestPace.sleep(.milliseconds(500))
            #expect(await peer.received(Heartbeat.self).isEmpty)
            let statistics = try await sim.statistics()
            #expect(statistics.peerChanges == 0 && statistics.signatureRejected >= 1)
        }
    }
}
