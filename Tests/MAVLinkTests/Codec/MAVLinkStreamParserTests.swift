import MAVLink
import TestSupport
import Testing

@Suite("MAVLink stream parser")
struct MAVLinkStreamParserTests {
    let heartbeat = Heartbeat(
        type: .quadrotor, autopilot: .px4, baseMode: [.customModeEnabled], customMode: 65536, systemStatus: .standby)
    let ack = CommandAck(command: .componentArmDisarm, result: .accepted)

    private func frame(_ message: some MAVLinkMessage, sequence: UInt8 = 0) -> [UInt8] {
        MAVLinkFrame.encode(message, systemID: 1, componentID: 1, sequence: sequence)
    }

    @Test("resynchronises after garbage, including false start markers")
    func garbage() throws {
        var parser = MAVLinkStreamParser()
        // Two false starts: unknown incompatibility flags, then a HEARTBEAT header claiming 48 bytes.
        let garbage: [UInt8] = [
            0x00, 0x13, 0xFD, 0x05, 0x04, 0x00, 0xFD, 0x30, 0x00, 0x00, 0x07, 0x01, 0x01, 0x00, 0x00, 0x00, 0x42,
        ]
        let frames = parser.parse(
            garbage + frame(heartbeat, sequence: 1) + [0xFF, 0xFD] + frame(ack, sequence: 2) + Array(garbage.prefix(3)))
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

    @Test("unknown message ids are counted and the scan resumes after their start marker")
    func unknownMessage() throws {
        var parser = MAVLinkStreamParser()
        // id 12915 (0x3273) is not generated; its payload even contains start markers.
        let unknown: [UInt8] = [0xFD, 4, 0, 0, 9, 1, 1, 0x73, 0x32, 0x00, 0xFD, 0xFD, 0xFE, 0xFE, 0xAB, 0xCD]
        let frames = parser.parse(unknown + frame(ack, sequence: 2))
        #expect(frames.map(\.sequence) == [2])
        #expect(parser.statistics.unknownMessage >= 1)
        #expect(parser.statistics.droppedBytes == unknown.count)
        #expect(parser.bufferedByteCount == 0)
    }

    /// The header of issue 18: length 255, message id 0xFFFFFF. Trusting its length would make the parser
    /// wait for (and then skip) the 257 bytes behind it, good frames included.
    static let bogusHeader: [UInt8] = [0xFD, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x01, 0xFF, 0xFF, 0xFF]

    @Test("a bogus header claiming 255 bytes does not swallow the frames behind it")
    func bogusLength() throws {
        var parser = MAVLinkStreamParser()
        let frames = parser.parse(
            Self.bogusHeader + frame(heartbeat, sequence: 1) + Self.bogusHeader + frame(ack, sequence: 2))
        #expect(frames.map(\.sequence) == [1, 2])
        #expect(parser.bufferedByteCount == 0)
    }

    @Test("a bad-CRC frame does not swallow a good frame that starts inside it")
    func goodFrameInsideBadFrame() throws {
        var parser = MAVLinkStreamParser()
        // A GLOBAL_POSITION_INT header claiming the full 28 bytes; the good HEARTBEAT starts right after
        // the header, so it lies inside the bytes the false frame's length covers.
        let falseHeader: [UInt8] = [0xFD, 28, 0, 0, 7, 1, 1, 33, 0, 0]
        let good = frame(heartbeat, sequence: 5)
        let padding = [UInt8](repeating: 0x55, count: 28 + 2 - good.count + 4)
        let frames = parser.parse(falseHeader + good + padding + frame(ack, sequence: 6))
        #expect(frames.map(\.sequence) == [5, 6])
        #expect(parser.statistics.badCRC == 1)
    }

    @Test("seeded streams mixing garbage and good frames yield every good frame, in order")
    func mixedGarbage() throws {
        var rng = SeededGenerator(seed: 18)
        for round in 0..<200 {
            var stream: [UInt8] = []
            var expected: [UInt8] = []
            for i in 0..<8 {
                let kind = Int.random(in: 0..<4, using: &rng)
                switch kind {
                case 0: stream += Self.bogusHeader
                case 1:
                    stream += (0..<Int.random(in: 1...40, using: &rng)).map { _ in
                        UInt8.random(in: 0...255, using: &rng)
                    }
                case 2:
                    // A good frame cut short: its start marker is a false start for what follows.
                    let cut = frame(heartbeat, sequence: 200)
                    stream += cut.prefix(Int.random(in: 1..<cut.count, using: &rng))
                default: stream += [0xFD, 0xFE, 0xFD]
                }
                let sequence = UInt8(i)
                stream += i % 2 == 0 ? frame(heartbeat, sequence: sequence) : frame(ack, sequence: sequence)
                expected.append(sequence)
            }
            // As one stream (a tail of padding completes any false start still waiting)...
            var streamParser = MAVLinkStreamParser()
            let streamed = streamParser.parse(stream + [UInt8](repeating: 0, count: 300)).map(\.sequence)
            #expect(streamed == expected, "round \(round)")
            // ...and as one datagram, where a false start running past the end is given up at once.
            var datagramParser = MAVLinkStreamParser()
            #expect(datagramParser.parseDatagram(stream).map(\.sequence) == expected, "datagram round \(round)")
            #expect(datagramParser.bufferedByteCount == 0)
        }
    }

    @Test("a datagram's incomplete tail is dropped, not joined to the next datagram")
    func datagramTail() throws {
        var parser = MAVLinkStreamParser()
        let good = frame(heartbeat, sequence: 1)
        #expect(parser.parseDatagram(Self.bogusHeader).isEmpty)
        #expect(parser.parseDatagram(good.prefix(12)).isEmpty)
        #expect(parser.parseDatagram(good).map(\.sequence) == [1])
        #expect(parser.bufferedByteCount == 0)
    }

    @Test("MAVLink 1 frames are parsed, or counted and skipped when not accepted")
    func v1Frames() throws {
        let payload = heartbeatPayload()
        let v1 = try MAVLinkFrame(
            version: .v1, sequence: 5, systemID: 1, componentID: 1, messageID: 0, payload: payload
        ).serialized()
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
        let signed = try MAVLinkFrame(
            sequence: 9, systemID: 1, componentID: 1, messageID: 0, payload: heartbeatPayload(), incompatFlags: 0x01,
            signature: signature
        ).serialized()
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
        let overlong = try MAVLinkFrame(
            sequence: 3, systemID: 1, componentID: 1, messageID: 0,
            payload: heartbeatPayload() + Array(repeating: 7, count: 11)
        ).serialized()
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
