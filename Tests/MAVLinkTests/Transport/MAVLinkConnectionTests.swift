import MAVLink
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("MAVLink connections over real sockets and a pty")
struct MAVLinkConnectionTests {
    @Test("udpout reaches a udp listener, which replies to the last peer it heard")
    func udpRoundTrip() async throws {
        let port = Int(try FreePort.next(.udp))
        let vehicle = try await MAVLinkConnection.open(.udpListen(host: "127.0.0.1", port: port))
        let ground = try await MAVLinkConnection.open(try MAVLinkEndpoint("udpout://127.0.0.1:\(port)"))
        defer {
            Task {
                await vehicle.close()
                await ground.close()
            }
        }

        // Nobody has talked to the listener yet: it has nobody to answer.
        await #expect(throws: MAVLinkTransportError.self) {
            try await vehicle.send(Heartbeat(), systemID: 1, componentID: 1)
        }

        let request = CommandLong(targetSystem: 1, targetComponent: 1, command: .componentArmDisarm, param1: 1)
        try await ground.send(request, systemID: 255, componentID: 190)
        var vehicleFrames = vehicle.frames.makeAsyncIterator()
        let received = try #require(await vehicleFrames.next())
        #expect(try received.frame.decode(as: CommandLong.self) == request)
        #expect(received.frame.systemID == 255)
        #expect(received.sender?.port == ground.localAddress?.port)

        let ack = CommandAck(command: .componentArmDisarm, result: .accepted)
        try await vehicle.send(ack, systemID: 1, componentID: 1)
        try await vehicle.send(ack, systemID: 1, componentID: 1)
        var groundFrames = ground.frames.makeAsyncIterator()
        let first = try #require(await groundFrames.next())
        let second = try #require(await groundFrames.next())
        #expect(try first.frame.decode(as: CommandAck.self) == ack)
        #expect([first.frame.sequence, second.frame.sequence] == [1, 2])
        #expect(try await ground.statistics().frames == 2)
    }

    @Test("a UDP port held by one link is refused to another, never shared")
    func udpPortIsNotShared() async throws {
        let port = Int(try FreePort.next(.udp))
        let first = try await MAVLinkConnection.open(.udpListen(host: "127.0.0.1", port: port))
        await #expect(throws: (any Error).self) {
            let second = try await MAVLinkConnection.open(.udpListen(host: "127.0.0.1", port: port))
            await second.close()
        }
        // Outgoing links bind port 0: each gets a port of its own, none the listener's or another's.
        var links: [MAVLinkConnection] = []
        for _ in 0..<400 {
            links.append(try await MAVLinkConnection.open(try MAVLinkEndpoint("udpout://127.0.0.1:\(port)")))
        }
        let ports = links.compactMap(\.localAddress?.port)
        #expect(ports.count == links.count && Set(ports).count == ports.count && !ports.contains(port))
        for link in links { await link.close() }
        await first.close()
    }

    @Test("a serial link (pty pair) sends and receives frames")
    func serialPty() async throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        var name = [CChar](repeating: 0, count: 128)
        try #require(openpty(&master, &slave, &name, nil, nil) == 0)
        defer {
            close(master)
            close(slave)
        }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)

        let link = try await MAVLinkConnection.open(.serial(path: path, baudRate: 115200))
        defer { Task { await link.close() } }

        // Autopilot side writes a heartbeat in two pieces onto the master end.
        let heartbeat = Heartbeat(type: .quadrotor, autopilot: .px4, systemStatus: .active)
        let bytes = MAVLinkFrame.encode(heartbeat, systemID: 1, componentID: 1, sequence: 9)
        _ = bytes.prefix(5).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        _ = bytes.dropFirst(5).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        var frames = link.frames.makeAsyncIterator()
        let received = try #require(await frames.next())
        #expect(try received.frame.decode(as: Heartbeat.self) == heartbeat)
        #expect(received.sender == nil)

        // And what the link sends comes out of the master end intact.
        let ack = MissionAck(targetSystem: 255, targetComponent: 190, type: .accepted)
        try await link.send(ack, systemID: 1, componentID: 1)
        var parser = MAVLinkStreamParser()
        var out: [MAVLinkFrame] = []
        try await waitUntil("frame on pty master") {
            var chunk = [UInt8](repeating: 0, count: 512)
            let n = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n > 0 { out += parser.parse(chunk.prefix(n)) }
            return !out.isEmpty
        }
        #expect(try out[0].decode(as: MissionAck.self) == ack)
    }

    @Test("a missing serial device is a typed error")
    func missingSerialDevice() async {
        await #expect(
            throws: MAVLinkTransportError.serial(path: "/dev/does-not-exist", operation: "open", errno: ENOENT)
        ) {
            _ = try await MAVLinkConnection.open(.serial(path: "/dev/does-not-exist", baudRate: 57600))
        }
    }
}
