import MAVLink
import NIOCore
import TestSupport
import Testing

@Suite("MAVLink links against strangers and forgers")
struct MAVLinkLinkSecurityTests {
    static let key = try! MAVLinkSigningKey(bytes: (0..<32).map { UInt8(255 - $0) })
    let heartbeat = Heartbeat(
        type: .quadrotor, autopilot: .px4, baseMode: [.customModeEnabled], customMode: 65536, systemStatus: .standby)
    static let bogusHeader: [UInt8] = [0xFD, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x01, 0xFF, 0xFF, 0xFF]

    /// Collects what a connection passes on, in the background.
    actor Inbox {
        private(set) var frames: [ReceivedFrame] = []
        func add(_ frame: ReceivedFrame) { frames.append(frame) }
        func sequences() -> [UInt8] { frames.map(\.frame.sequence) }
    }

    private func collect(_ connection: MAVLinkConnection) -> (Inbox, Task<Void, Never>) {
        let inbox = Inbox()
        let frames = connection.frames
        let task = Task { for await frame in frames { await inbox.add(frame) } }
        return (inbox, task)
    }

    private func settle(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + TestPace.scaled(.seconds(5))
        while try await !condition() {
            guard ContinuousClock.now < deadline else { return }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test("the default listener binds the loopback only")
    func loopbackDefault() async throws {
        let port = Int(try FreePort.next(.udp))
        let listener = try await MAVLinkConnection.open(try MAVLinkEndpoint("udp://:\(port)"))
        defer { Task { await listener.close() } }
        #expect(listener.localAddress?.ipAddress == "127.0.0.1")
        let out = try await MAVLinkConnection.open(try MAVLinkEndpoint("udpout://127.0.0.1:\(port)"))
        defer { Task { await out.close() } }
        #expect(out.localAddress?.ipAddress == "127.0.0.1")
    }

    @Test("bogus 10-byte headers from another port neither swallow nor delay the peer's frames")
    func bogusFlood() async throws {
        let port = Int(try FreePort.next(.udp))
        let listener = try await MAVLinkConnection.open(.udpListen(host: "127.0.0.1", port: port))
        let (inbox, task) = collect(listener)
        let peer = try UDPDatagramSocket()
        let attacker = try UDPDatagramSocket()
        for sequence in 0..<20 {
            try attacker.send(Self.bogusHeader, toPort: port)
            try peer.send(
                MAVLinkFrame.encode(heartbeat, systemID: 1, componentID: 1, sequence: UInt8(sequence)), toPort: port)
            try attacker.send(Self.bogusHeader + [0xFD, 0x09], toPort: port)
        }
        try await settle { await inbox.frames.count >= 20 }
        #expect(await inbox.sequences() == (0..<20).map { UInt8($0) })
        #expect(await inbox.frames.allSatisfy { $0.sender?.port == Int(peer.port) })
        // Garbage never makes the listener answer the attacker.
        try await listener.send(heartbeat, systemID: 1, componentID: 1)
        #expect(peer.receive(for: TestPace.scaled(.milliseconds(500))).count == 1)
        #expect(attacker.receive(for: .milliseconds(100)).isEmpty)
        task.cancel()
        await listener.close()
    }

    @Test("once pinned, a listener drops and counts strangers' datagrams and answers only its peer")
    func pinned() async throws {
        let port = Int(try FreePort.next(.udp))
        let listener = try await MAVLinkConnection.open(.udpListen(host: "127.0.0.1", port: port))
        let (inbox, task) = collect(listener)
        let autopilot = try UDPDatagramSocket()
        let stranger = try UDPDatagramSocket()
        try autopilot.send(MAVLinkFrame.encode(heartbeat, systemID: 1, componentID: 1, sequence: 1), toPort: port)
        try await settle { await inbox.frames.count >= 1 }
        let sender = try #require(await inbox.frames.first?.sender)
        try await listener.pin(to: sender)

        // The stranger forges the autopilot's ids; the link still refuses it by address.
        let forged = GlobalPositionInt(
            timeBootMs: 1, lat: 474_582_000, lon: 85_558_000, alt: 432_000, relativeAlt: 0,
            vx: 0, vy: 0, vz: 0, hdg: 0)
        for sequence in 0..<5 {
            try stranger.send(
                MAVLinkFrame.encode(forged, systemID: 1, componentID: 1, sequence: UInt8(100 + sequence)), toPort: port)
        }
        try autopilot.send(MAVLinkFrame.encode(heartbeat, systemID: 1, componentID: 1, sequence: 2), toPort: port)
        try await settle {
            let strangers = try await listener.linkStatistics().strangerDatagrams
            let heard = await inbox.frames.count
            return strangers >= 5 && heard >= 2
        }
        #expect(await inbox.sequences() == [1, 2])
        let statistics = try await listener.linkStatistics()
        #expect(statistics.strangerDatagrams == 5)
        #expect(statistics.lastStranger?.contains("\(stranger.port)") == true)

        try await listener.send(heartbeat, systemID: 1, componentID: 1)
        #expect(autopilot.receive(for: TestPace.scaled(.milliseconds(500))).count == 1)
        #expect(stranger.receive(for: .milliseconds(100)).isEmpty)
        task.cancel()
        await listener.close()
    }

    @Test("a signed link passes correctly signed frames and counts unsigned, forged and replayed ones")
    func signedLink() async throws {
        let port = Int(try FreePort.next(.udp))
        let security = MAVLinkLinkSecurity(signingKey: Self.key)
        let vehicle = try await MAVLinkConnection.open(.udpListen(host: "127.0.0.1", port: port), security: security)
        let (inbox, task) = collect(vehicle)
        let ground = try await MAVLinkConnection.open(.udpConnect(host: "127.0.0.1", port: port), security: security)
        let (groundInbox, groundTask) = collect(ground)
        try await ground.send(heartbeat, systemID: 255, componentID: 190)
        try await settle { await inbox.frames.count >= 1 }
        #expect(await inbox.frames.first?.frame.isSigned == true)

        let raw = try UDPDatagramSocket()
        var signer = MAVLinkSigner(key: Self.key, linkID: 7)
        var signed = MAVLinkFrame.encode(heartbeat, systemID: 9, componentID: 1, sequence: 50)
        try signer.sign(&signed, frameStart: 0)
        var corrupted = signed
        corrupted[corrupted.count - 1] ^= 0x80
        // unsigned
        try raw.send(MAVLinkFrame.encode(heartbeat, systemID: 9, componentID: 1, sequence: 40), toPort: port)
        try raw.send(corrupted, toPort: port) // bad signature
        try raw.send(signed, toPort: port) // good
        try raw.send(signed, toPort: port) // replay
        // The counters move when the link reads a datagram; the good frame reaches the inbox through the
        // collecting task a moment later, so wait for both.
        try await settle {
            let replayed = try await vehicle.linkStatistics().replayed
            let heard = await inbox.frames.count
            return replayed >= 1 && heard >= 2
        }
        let statistics = try await vehicle.linkStatistics()
        #expect(statistics.unsigned == 1 && statistics.badSignature == 1 && statistics.replayed == 1)
        #expect(await inbox.sequences() == [0, 50])

        // The raw sender's good frame made it the listener's last peer: the ground speaks again to be answered.
        // What the vehicle sends back is signed and verifies on the ground's side.
        try await ground.send(heartbeat, systemID: 255, componentID: 190)
        try await settle { await inbox.frames.count >= 3 }
        #expect(await inbox.sequences() == [0, 50, 1])
        try await vehicle.send(heartbeat, systemID: 1, componentID: 1)
        try await settle { await groundInbox.frames.count >= 1 }
        #expect(await groundInbox.frames.first?.frame.isSigned == true)
        #expect(try await ground.linkStatistics().refused == 0)
        task.cancel()
        groundTask.cancel()
        await vehicle.close()
        await ground.close()
    }
}
