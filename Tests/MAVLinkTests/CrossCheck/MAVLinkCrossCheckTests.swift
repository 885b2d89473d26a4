import Foundation
import MAVLink
import TestSupport
import Testing

/// Our codec against pymavlink, both directions, for every generated message, full and truncated.
@Suite("MAVLink cross-check with pymavlink")
struct MAVLinkCrossCheckTests {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("python/mavlink_crosscheck.py")

    @Test("our decoder reads every frame pymavlink wrote")
    func decodesPymavlinkFrames() throws {
        let dir = try TemporaryDirectory(prefix: "mavlink-xcheck")
        defer { dir.remove() }
        try ChildProcess.run(
            ChildProcess.system("python3"), [Self.script.path, "encode", dir.path, "--seed", "20261125"])
        let bytes = try [UInt8](Data(contentsOf: dir.file("frames.bin")))
        let cases = try JSONDecoder().decode([CrossCheckCase].self, from: Data(contentsOf: dir.file("expected.json")))

        var parser = MAVLinkStreamParser()
        let frames = parser.parse(bytes)
        #expect(parser.statistics.badCRC == 0)
        #expect(parser.statistics.unknownMessage == 0)
        #expect(parser.statistics.droppedBytes == 0)
        try #require(frames.count == cases.count)
        let generatedIDs = Set(MAVLinkMessageSet.all.map { $0.messageID })
        #expect(Set(cases.map(\.id)) == generatedIDs)
        #expect(cases.contains { $0.truncated })

        for (frame, expected) in zip(frames, cases) {
            #expect(frame.messageID == expected.id, "\(expected.name)")
            #expect(frame.sequence == expected.seq)
            #expect(frame.payload.count == expected.payloadLength)
            let message = try frame.decode()
            #expect(type(of: message).messageName == expected.name)
            let fields = CanonicalValue.fields(of: message)
            #expect(fields == expected.fields, "\(expected.name)#\(expected.seq)")
        }
    }

    @Test("pymavlink reads every frame our encoder wrote, including truncated payloads")
    func pymavlinkDecodesOurFrames() throws {
        let dir = try TemporaryDirectory(prefix: "mavlink-xcheck")
        defer { dir.remove() }
        var random = SplitMix64(seed: 0x5EED)
        var bytes: [UInt8] = []
        var cases: [CrossCheckCase] = []
        for type in MAVLinkMessageSet.all {
            for truncated in [false, true] {
                let payload = Self.payload(for: type, truncated: truncated, random: &random)
                let message = try type.init(payload: payload)
                let sequence = UInt8(truncatingIfNeeded: cases.count)
                let frame = Self.encode(message, sequence: sequence)
                if truncated {
                    #expect(Int(frame[1]) < type.maxPayloadLength, "\(type.messageName) not truncated")
                }
                bytes += frame
                cases.append(
                    CrossCheckCase(
                        name: type.messageName, id: type.messageID, seq: sequence, truncated: truncated,
                        payloadLength: Int(frame[1]), fields: CanonicalValue.fields(of: message)
                    ))
            }
        }
        try Data(bytes).write(to: dir.file("frames.bin"))
        try JSONEncoder().encode(cases).write(to: dir.file("expected.json"))
        let output = try ChildProcess.run(ChildProcess.system("python3"), [Self.script.path, "decode", dir.path])
        #expect(output.contains("matched \(cases.count) frames"))
    }

    private static func encode(_ message: some MAVLinkMessage, sequence: UInt8) -> [UInt8] {
        MAVLinkFrame.encode(message, systemID: 42, componentID: 200, sequence: sequence)
    }

    /// A payload with non-trivial values per field type (finite floats, printable text); when
    /// `truncated`, extensions and the later half of the base fields are zero so truncation kicks in.
    private static func payload(for type: any MAVLinkMessage.Type, truncated: Bool, random: inout SplitMix64) -> [UInt8]
    {
        let baseCount = type.fields.filter { !$0.isExtension }.count
        var payload: [UInt8] = []
        for (index, field) in type.fields.enumerated() {
            let zero = truncated && (field.isExtension || index >= baseCount / 2)
            if field.type == .char {
                let length = zero ? 0 : Int(random.next() % UInt64(field.arrayLength)) + 1
                let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 _-".utf8)
                for i in 0..<field.arrayLength {
                    payload.append(i < length ? letters[Int(random.next() % UInt64(letters.count))] : 0)
                }
                continue
            }
            for _ in 0..<max(1, field.arrayLength) {
                let bits: UInt64
                switch field.type {
                case .float:
                    bits =
                        zero ? 0 : UInt64((Float(Int32(truncatingIfNeeded: random.next()) % 1_000_000) / 7).bitPattern)
                case .double:
                    bits = zero ? 0 : (Double(Int64(truncatingIfNeeded: random.next()) % 1_000_000_000) / 3).bitPattern
                default: bits = zero ? 0 : random.next()
                }
                for byte in 0..<field.type.size {
                    payload.append(UInt8(truncatingIfNeeded: bits >> (8 * byte)))
                }
            }
        }
        return payload
    }
}

/// Small deterministic generator so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
