import MAVLink
import Testing

@Suite("MAVLink stream parser")
struct MAVLinkStreamParserTests {
    let heartbeat = Heartbeat(type: .quadrotor, autopilot: .px4, baseMode: [.customModeEnabled], customMode: 65536, systemStatus: .standby)
    let ack = CommandAck(command: .componentArmDisarm, result: .accepted)

    private func frame(_ message: some MAVLinkMessage, sequence: UInt8 = 0) -> [UInt8] {
        MAVLinkFrame.encode(message, systemID: 1, componentID: 1, sequence: sequence)
    }

    @Test("resynchronises after garbage, including false start markers")
    func garbage() throws {
        var parser = MAVLinkStreamParser()
        // Two false starts: unknown incompatibility flags, then a HEARTBEAT header claiming 48 bytes.
        let garbage: [UInt8] = [0x00, 0x13, 0xFD, 0x05, 0x04, 0x00, 0xFD, 0x30, 0x00, 0x00, 0x07, 0x01, 0x01, 0x00, 0x00, 0x00, 0x42]
        let frames = parser.parse(garbage + frame(heartbeat, sequence: 1) + [0xFF, 0xFD] + frame(ack, sequence: 2) + Array(garbage.prefix(3)))
        try #require(frames.map(\.sequence) == [1, 2])
        #expect(try frames[0].decode(as: Heartbeat.self) == heartbeat)
        #expect(try frames[1].decode(as: CommandAck.self) == ack)
        #expect(parser.statistics.droppedBytes >= garbage.count)
        #expect(parser.statistics.frames == 2)
    }

    @Test("frames split across chunks are reassembled, one byte at a time")
    func splitChunks() throws {
        var parser = MAVLinkStreamParser()
        let stream = frame(heartbeat, sequence: 1) + frame(ack, sequence: 2) + frame(heartbeat, sequence: 3)
        var frames: [MAVLinkFrame] = []
        for byte in stream {
            frames += parser.parse(CollectionOfOne(byte))
        }
        #expect(frames.map(\.sequence) == [1, 2, 3])
        #expect(parser.bufferedByteCount == 0)
        #expect(parser.statistics.droppedBytes == 0)
    }

    @Test("a bad CRC is counted and the next frame still parsed")
    func badCRC() throws {
        var parser = MAVLinkStreamParser()
        var corrupt = frame(heartbeat, sequence: 1)
        corrupt[12] ^= 0x40
        let frames = parser.parse(corrupt + frame(ack, sequence: 2))
        #expect(frames.map(\.sequence) == [2])
        #expect(parser.statistics.badCRC == 1)
    }

    @Test("unknown message ids are counted and skipped whole")
    func unknownMessage() throws {
        var parser = MAVLinkStreamParser()
        // id 12915 (0x3273) is not generated; its payload even contains a start marker.
        let unknown: [UInt8] = [0xFD, 4, 0, 0, 9, 1, 1, 0x73, 0x32, 0x00, 0xFD, 0xFD, 0xFE, 0xFE, 0xAB, 0xCD]
        let frames = parser.parse(unknown + frame(ack, sequence: 2))
        #expect(frames.map(\.sequence) == [2])
        #expect(parser.statistics.unknownMessage == 1)
        #expect(parser.statistics.droppedBytes == 0)
    }

    @Test("MAVLink 1 frames are parsed, or counted and skipped when not accepted")
    func v1Frames() throws {
        let payload = heartbeatPayload()
        let v1 = try MAVLinkFrame(version: .v1, sequence: 5, systemID: 1, componentID: 1, messageID: 0, payload: payload).serialized()
        #expect(v1.count == 6 + 9 + 2)

        var parser = MAVLinkStreamParser()
        let frame = try #require(parser.parse(v1).first)
        #expect(frame.version == .v1)
        #expect(try frame.decode(as: Heartbeat.self) == heartbeat)
        #expect(parser.statistics.v1Frames == 1)

        var strict = MAVLinkStreamParser(acceptsV1: false)
        #expect(strict.parse(v1 + self.frame(ack, sequence: 6)).map(\.sequence) == [6])
        #expect(strict.statistics.v1Frames == 1)
        #expect(strict.statistics.frames == 1)
    }

    @Test("signed frames are parsed with the 13-byte signature skipped (not verified)")
    func signedFrame() throws {
        let signature = (0..<13).map { UInt8($0 &* 17) }
        let signed = try MAVLinkFrame(sequence: 9, systemID: 1, componentID: 1, messageID: 0, payload: heartbeatPayload(), incompatFlags: 0x01, signature: signature).serialized()
        var parser = MAVLinkStreamParser()
        let frames = parser.parse(signed + frame(ack, sequence: 10))
        try #require(frames.map(\.sequence) == [9, 10])
        #expect(frames[0].isSigned)
        #expect(frames[0].signature == signature)
        #expect(try frames[0].decode(as: Heartbeat.self) == heartbeat)
        #expect(parser.statistics.signedFrames == 1)
    }

    @Test("a length beyond the message's full payload is rejected")
    func overlongLength() throws {
        // A correctly checksummed HEARTBEAT claiming 20 payload bytes (its maximum is 9).
        let overlong = try MAVLinkFrame(sequence: 3, systemID: 1, componentID: 1, messageID: 0, payload: heartbeatPayload() + Array(repeating: 7, count: 11)).serialized()
        var parser = MAVLinkStreamParser()
        let frames = parser.parse(overlong + frame(ack, sequence: 4))
        #expect(frames.map(\.sequence) == [4])
        #expect(parser.statistics.invalidLength == 1)
    }

    @Test("unknown incompatibility flags make the frame be dropped")
    func unknownIncompatFlags() throws {
        var flagged = frame(heartbeat, sequence: 1)
        flagged[2] = 0x04
        var parser = MAVLinkStreamParser()
        #expect(parser.parse(flagged + frame(ack, sequence: 2)).map(\.sequence) == [2])
    }

    private func heartbeatPayload() -> [UInt8] {
        var payload: [UInt8] = []
        heartbeat.encodePayload(into: &payload)
        return payload
    }
}
