import MAVLink
import Testing

@Suite("MAVLink encoding and decoding")
struct MAVLinkCodecTests {
    @Test("CRC-16/MCRF4XX matches the catalogue check value")
    func crcCheckValue() {
        var crc = MAVLinkCRC()
        crc.accumulate(contentsOf: Array("123456789".utf8))
        #expect(crc.value == 0x6F91)
    }

    @Test("a message survives encode, parse and decode")
    func roundTrip() throws {
        let command = CommandLong(
            targetSystem: 1, targetComponent: 1, command: .navTakeoff, confirmation: 2,
            param1: 1.5, param2: -2, param3: 0, param4: .pi, param5: 47.397742, param6: 8.545594, param7: 30
        )
        let bytes = MAVLinkFrame.encode(command, systemID: 255, componentID: 190, sequence: 42)
        var parser = MAVLinkStreamParser()
        let frames = parser.parse(bytes)
        let frame = try #require(frames.first)
        #expect(frames.count == 1)
        #expect(frame.version == .v2)
        #expect(frame.sequence == 42)
        #expect(frame.systemID == 255)
        #expect(frame.componentID == 190)
        #expect(frame.messageID == CommandLong.messageID)
        #expect(try frame.decode(as: CommandLong.self) == command)
        let existential = try frame.decode()
        #expect(existential as? CommandLong == command)
    }

    @Test("ArduPilot's WIND (ardupilotmega, id 168): the bytes pymavlink's dialect writes, both ways")
    func arduPilotWind() throws {
        // pymavlink ardupilotmega: MAVLink_wind_message(126.87, 5.0, -0.5) from 1/1, sequence 7 (CRC extra 1).
        let pymavlink: [UInt8] = [
            0xFD, 0x0C, 0x00, 0x00, 0x07, 0x01, 0x01, 0xA8, 0x00, 0x00, 0x71, 0xBD, 0xFD, 0x42, 0x00, 0x00, 0xA0, 0x40,
            0x00, 0x00, 0x00, 0xBF, 0xE7, 0x63,
        ]
        let wind = Wind(direction: 126.87, speed: 5, speedZ: -0.5)
        #expect(MAVLinkFrame.encode(wind, systemID: 1, componentID: 1, sequence: 7) == pymavlink)
        var parser = MAVLinkStreamParser()
        let frame = try #require(parser.parse(pymavlink).first)
        #expect(parser.statistics.badCRC == 0)
        #expect(try frame.decode(as: Wind.self) == wind)
        #expect(MAVLinkMessageSet.crcExtra(for: 168) == 1)
        #expect(MAVLinkMessageSet.messageType(for: 168) == Wind.self)
    }

    @Test("trailing zero bytes are truncated on encode and zero-extended on decode")
    func truncation() throws {
        // hdg is last on the wire (uint16 after the int32 fields); zero it and vz to force truncation.
        let position = GlobalPositionInt(
            timeBootMs: 1000, lat: 473977420, lon: 85455940, alt: 488000, relativeAlt: 0, vx: 12, vy: -3, vz: 0, hdg: 0)
        let bytes = MAVLinkFrame.encode(position, systemID: 1, componentID: 1, sequence: 0)
        #expect(Int(bytes[1]) < GlobalPositionInt.maxPayloadLength)
        #expect(bytes.count == 10 + Int(bytes[1]) + 2)
        var parser = MAVLinkStreamParser()
        let frame = try #require(parser.parse(bytes).first)
        #expect(frame.payload.count == Int(bytes[1]))
        #expect(try frame.decode(as: GlobalPositionInt.self) == position)

        // Extension fields left zero disappear entirely: only the MAVLink 1 part (or less) is sent.
        let battery = BatteryStatus(
            id: 0, batteryFunction: .all, type: .lipo, temperature: 2500, voltages: Array(repeating: 4100, count: 10),
            currentBattery: 120, currentConsumed: 500, energyConsumed: 9000, batteryRemaining: 80)
        let batteryBytes = MAVLinkFrame.encode(battery, systemID: 1, componentID: 1, sequence: 1)
        #expect(Int(batteryBytes[1]) <= BatteryStatus.minPayloadLength)
        let batteryFrame = try #require(parser.parse(batteryBytes).first)
        #expect(try batteryFrame.decode(as: BatteryStatus.self) == battery)

        // An all-zero payload keeps one byte, as the spec requires.
        let empty = MAVLinkFrame.encode(MissionClearAll(), systemID: 1, componentID: 1, sequence: 2)
        #expect(empty[1] == 1)
        #expect(try parser.parse(empty).first?.decode(as: MissionClearAll.self) == MissionClearAll())
    }

    @Test("unknown enum values and bitmask bits are carried, not rejected")
    func openEnums() throws {
        let heartbeat = Heartbeat(
            type: MAVType(rawValue: 200), autopilot: .px4, baseMode: [.safetyArmed, MAVModeFlag(rawValue: 0x02)],
            customMode: 0xDEAD_BEEF, systemStatus: MAVState(rawValue: 77))
        var parser = MAVLinkStreamParser()
        let frame = try #require(
            parser.parse(MAVLinkFrame.encode(heartbeat, systemID: 1, componentID: 1, sequence: 0)).first)
        let decoded = try frame.decode(as: Heartbeat.self)
        #expect(decoded == heartbeat)
        #expect(decoded.type.rawValue == 200)
        #expect(decoded.baseMode.contains(.safetyArmed))
        #expect(decoded.mavlinkVersion == 3)
    }

    @Test("char arrays: NUL-padded when short, unterminated when full, cut when too long")
    func strings() throws {
        var parser = MAVLinkStreamParser()
        for text in ["Takeoff detected", String(repeating: "x", count: 50)] {
            let message = Statustext(severity: .warning, text: text)
            let frame = try #require(
                parser.parse(MAVLinkFrame.encode(message, systemID: 1, componentID: 1, sequence: 0)).first)
            #expect(try frame.decode(as: Statustext.self).text == text)
        }
        let long = Statustext(severity: .info, text: String(repeating: "y", count: 80))
        let frame = try #require(
            parser.parse(MAVLinkFrame.encode(long, systemID: 1, componentID: 1, sequence: 0)).first)
        #expect(try frame.decode(as: Statustext.self).text == String(repeating: "y", count: 50))
    }

    @Test("decode errors carry the message id and lengths")
    func decodeErrors() {
        #expect(throws: MAVLinkError.payloadTooLong(messageID: 0, length: 10, maxLength: 9)) {
            try Heartbeat(payload: [UInt8](repeating: 1, count: 10))
        }
        let frame = MAVLinkFrame(sequence: 0, systemID: 1, componentID: 1, messageID: 0, payload: [1])
        #expect(throws: MAVLinkError.messageMismatch(expected: CommandAck.messageID, actual: 0)) {
            try frame.decode(as: CommandAck.self)
        }
        let unknown = MAVLinkFrame(sequence: 0, systemID: 1, componentID: 1, messageID: 9999, payload: [1])
        #expect(throws: MAVLinkError.unknownMessage(id: 9999)) { try unknown.decode() }
    }

    @Test("the encoder numbers frames with a wrapping sequence")
    func encoderSequence() throws {
        var encoder = MAVLinkEncoder(systemID: 7, componentID: 1, firstSequence: 254)
        var parser = MAVLinkStreamParser()
        var bytes: [UInt8] = []
        for _ in 0..<3 {
            encoder.encode(MissionCurrent(seq: 3), into: &bytes)
        }
        let frames = parser.parse(bytes)
        #expect(frames.map(\.sequence) == [254, 255, 0])
        #expect(frames.allSatisfy { $0.systemID == 7 })
    }

    @Test("every registered message is found by id and round-trips its zero value")
    func registry() throws {
        #expect(MAVLinkMessageSet.all.count >= 40)
        for type in MAVLinkMessageSet.all {
            #expect(MAVLinkMessageSet.messageType(for: type.messageID) == type)
            #expect(MAVLinkMessageSet.crcExtra(for: type.messageID) == type.crcExtra)
            #expect(type.fields.reduce(0) { $0 + $1.wireLength } == type.maxPayloadLength)
            let zero = try type.init(payload: [UInt8]())
            var payload: [UInt8] = []
            zero.encodePayload(into: &payload)
            #expect(payload.count == type.maxPayloadLength, "\(type.messageName)")
        }
    }
}
