import Foundation
import MAVLink
import Testing

@Suite("MAVLink 2 message signing")
struct MAVLinkSigningTests {
    static let key = try! MAVLinkSigningKey(bytes: (0..<32).map { UInt8($0 * 7 + 1) })
    let heartbeat = Heartbeat(
        type: .quadrotor, autopilot: .px4, baseMode: [.customModeEnabled], customMode: 65536, systemStatus: .standby)
    /// A fixed "now", so timestamps in these tests do not depend on the wall clock.
    let now: UInt64 = 37_700_000_000_000

    private func signedFrame(_ signer: inout MAVLinkSigner, sequence: UInt8 = 0, now: UInt64? = nil) throws -> [UInt8] {
        var bytes = MAVLinkFrame.encode(heartbeat, systemID: 1, componentID: 1, sequence: sequence)
        try signer.sign(&bytes, frameStart: 0, now: now ?? self.now)
        return bytes
    }

    private func parse(_ bytes: [UInt8]) throws -> MAVLinkFrame {
        var parser = MAVLinkStreamParser()
        let frames = parser.parseDatagram(bytes)
        try #require(frames.count == 1)
        return frames[0]
    }

    @Test("a signed frame parses, carries its signature and verifies once; its replay is refused")
    func signAndVerify() throws {
        var signer = MAVLinkSigner(key: Self.key, linkID: 3)
        let bytes = try signedFrame(&signer)
        #expect(bytes.count == MAVLinkFrame.encode(heartbeat, systemID: 1, componentID: 1, sequence: 0).count + 13)
        let frame = try parse(bytes)
        #expect(frame.isSigned && frame.signature?.first == 3)
        #expect(try frame.decode(as: Heartbeat.self) == heartbeat)
        var verifier = MAVLinkSignatureVerifier(key: Self.key, timestamp: now)
        #expect(verifier.check(frame) == .accepted)
        #expect(verifier.check(frame) == .replayed)
        #expect(verifier.check(try parse(try signedFrame(&signer, sequence: 1))) == .accepted)
    }

    @Test("a corrupted signature, timestamp or link id, or another key, is a bad signature")
    func corrupted() throws {
        var signer = MAVLinkSigner(key: Self.key)
        let bytes = try signedFrame(&signer)
        for offset in [1, 2, 5, 7, 12] {
            var tampered = bytes
            tampered[tampered.count - 13 + offset] ^= 0x01
            var verifier = MAVLinkSignatureVerifier(key: Self.key, timestamp: now)
            #expect(verifier.check(try parse(tampered)) == .badSignature, "signature byte \(offset)")
        }
        let otherKey = try MAVLinkSigningKey(bytes: [UInt8](repeating: 0x42, count: 32))
        var other = MAVLinkSignatureVerifier(key: otherKey, timestamp: now)
        #expect(other.check(try parse(bytes)) == .badSignature)
    }

    @Test("unsigned frames are refused unless their id is on the accept-unsigned list")
    func unsigned() throws {
        let frame = try parse(MAVLinkFrame.encode(heartbeat, systemID: 1, componentID: 1, sequence: 0))
        var verifier = MAVLinkSignatureVerifier(key: Self.key, timestamp: now)
        #expect(verifier.check(frame) == .unsigned)
        var lenient = MAVLinkSignatureVerifier(key: Self.key, acceptsUnsigned: [Heartbeat.messageID], timestamp: now)
        #expect(lenient.check(frame) == .acceptedUnsigned)
        #expect(MAVLinkSignatureVerifier.px4UnsignedMessages == [109, 246, 247])
    }

    @Test("a new stream more than a minute behind is stale; streams are per system, component and link")
    func staleAndStreams() throws {
        var old = MAVLinkSigner(key: Self.key)
        let stale = try signedFrame(&old, now: now - MAVLinkSignatureVerifier.newStreamWindow - 1)
        var verifier = MAVLinkSignatureVerifier(key: Self.key, timestamp: now)
        #expect(verifier.check(try parse(stale)) == .stale)
        // Another link id is another stream: an older timestamp there is not a replay.
        var a = MAVLinkSigner(key: Self.key, linkID: 1)
        var b = MAVLinkSigner(key: Self.key, linkID: 2)
        #expect(verifier.check(try parse(try signedFrame(&a, now: now + 100))) == .accepted)
        #expect(verifier.check(try parse(try signedFrame(&b, now: now + 50))) == .accepted)
        #expect(verifier.timestamp == now + 100)
    }

    @Test("the signer's timestamps strictly increase even when the clock does not")
    func monotonic() throws {
        var signer = MAVLinkSigner(key: Self.key)
        var verifier = MAVLinkSignatureVerifier(key: Self.key, timestamp: now)
        var last: UInt64 = 0
        for sequence in 0..<5 {
            let frame = try parse(try signedFrame(&signer, sequence: UInt8(sequence), now: now))
            #expect(verifier.check(frame) == .accepted)
            #expect(signer.lastTimestamp > last)
            last = signer.lastTimestamp
        }
    }

    @Test("the signing clock counts 10 µs units from 2015-01-01")
    func clock() {
        #expect(MAVLinkSignature.timestamp(at: Date(timeIntervalSince1970: 1_420_070_400)) == 0)
        #expect(MAVLinkSignature.timestamp(at: Date(timeIntervalSince1970: 1_420_070_401)) == 100_000)
    }

    @Test("keys parse from hex and base64; wrong lengths, bad text and the all-zero key are refused")
    func keys() throws {
        let hex = Self.key.bytes.map { String(format: "%02x", $0) }.joined()
        #expect(try MAVLinkSigningKey(text: hex + "\n") == Self.key)
        #expect(try MAVLinkSigningKey(text: Data(Self.key.bytes).base64EncodedString()) == Self.key)
        #expect(throws: MAVLinkSigningError.keyLength(16)) {
            try MAVLinkSigningKey(text: Data(repeating: 1, count: 16).base64EncodedString())
        }
        #expect(throws: MAVLinkSigningError.keyEncoding) { try MAVLinkSigningKey(text: "not a key!") }
        #expect(throws: MAVLinkSigningError.allZeroKey) {
            try MAVLinkSigningKey(bytes: [UInt8](repeating: 0, count: 32))
        }
        #expect(!"\(Self.key)".contains(hex.prefix(8)))
    }
}
