import MAVLink

/// Fuzzes `MAVLinkStreamParser` and the generated message decoders.
///
/// The input is a raw byte stream. Invariants:
/// - `chunking`: parsing it whole, byte by byte, or in chunks derived from its hash yields the same
///   frames, statistics and left-over bytes.
/// - `v1-filter`: a parser refusing MAVLink 1 yields exactly the v2 frames of one accepting it.
/// - `bounded-buffer`: the parser never holds back more than one maximal frame minus a byte, whatever
///   the stream (garbage must not make it buffer without bound).
/// - `datagram`: parsing the input as one datagram returns the whole-stream frames first (a stream only
///   stops earlier, at a false start still waiting for bytes), then possibly more, and keeps nothing.
/// - `decode`: every frame the parser returns decodes into its typed message.
/// - `payload-round-trip`: re-encoding that message gives the zero-extended payload back (char fields,
///   which stop at NUL and repair bad UTF-8, only need to re-encode stably).
/// - `frame-round-trip`: serialising the frame, or framing the message anew with our encoder, parses back
///   to the same frame / message.
public enum MAVLinkParserFuzzer {
    private static let target = FuzzTarget.mavlinkParser
    /// Header, 255-byte payload, checksum and signature: the longest frame a parser may wait for.
    static let maxFrameLength = 10 + 255 + 2 + MAVLinkFrame.signatureLength

    public static func fuzz(_ input: [UInt8]) throws(FuzzFinding) {
        let whole = ParseRun(input, acceptsV1: true, chunkSizes: [input.count])
        let byteByByte = ParseRun(input, acceptsV1: true, chunkSizes: repeatElement(1, count: input.count))
        try target.require(byteByByte == whole, "chunking", "byte-by-byte parse differs: \(byteByByte) vs \(whole)")
        var rng = SplitMix64(hashing: input)
        let sizes = (0..<input.count).map { _ in Int.random(in: 0...40, using: &rng) }
        let chunked = ParseRun(input, acceptsV1: true, chunkSizes: sizes)
        try target.require(
            chunked == whole, "chunking", "chunked parse \(sizes.prefix(16)) differs: \(chunked) vs \(whole)")

        try target.require(
            whole.buffered < maxFrameLength, "bounded-buffer", "parser holds \(whole.buffered) bytes after the stream")

        var datagramParser = MAVLinkStreamParser()
        let datagram = datagramParser.parseDatagram(input)
        try target.require(
            datagram.starts(with: whole.frames) && datagramParser.bufferedByteCount == 0, "datagram",
            "datagram parse gave \(datagram.count) frames, whole stream \(whole.frames.count); \(datagramParser.bufferedByteCount) kept"
        )

        let v2Only = ParseRun(input, acceptsV1: false, chunkSizes: [input.count])
        let expectedV2 = whole.frames.filter { $0.version == .v2 }
        try target.require(
            v2Only.frames == expectedV2, "v1-filter",
            "acceptsV1=false returned \(v2Only.frames.count) frames, expected \(expectedV2.count)")

        for frame in whole.frames {
            try checkFrame(frame)
        }
    }

    private static func checkFrame(_ frame: MAVLinkFrame) throws(FuzzFinding) {
        let message: any MAVLinkMessage
        do {
            message = try frame.decode()
        } catch {
            throw target.finding(
                "decode",
                "frame id \(frame.messageID) length \(frame.payload.count) was returned but does not decode: \(error)")
        }
        let type = Swift.type(of: message)
        try target.require(
            type.messageID == frame.messageID, "decode", "frame id \(frame.messageID) decoded as \(type.messageName)")

        let encoded = payload(of: message)
        try target.require(
            encoded.count == type.maxPayloadLength, "payload-round-trip",
            "\(type.messageName) encoded \(encoded.count) bytes, full length is \(type.maxPayloadLength)")
        let received = frame.payload + repeatElement(0, count: type.maxPayloadLength - frame.payload.count)
        let exact = nonCharIndices(of: type)
        let differing = exact.first { encoded[$0] != received[$0] }
        try target.require(
            differing == nil, "payload-round-trip",
            "\(type.messageName) byte \(differing ?? -1) re-encodes as \(differing.map { encoded[$0] } ?? 0), received \(differing.map { received[$0] } ?? 0)"
        )
        let reencoded: [UInt8]
        do {
            reencoded = payload(of: try type.init(payload: encoded))
        } catch {
            throw target.finding(
                "payload-round-trip", "\(type.messageName) does not decode its own full payload: \(error)")
        }
        try target.require(reencoded == encoded, "payload-round-trip", "\(type.messageName) re-encoding is not stable")

        try checkSerialization(of: frame)
        try checkFraming(of: message, like: frame, fullPayload: encoded)
    }

    /// The frame as our serialiser writes it must parse back to itself.
    private static func checkSerialization(of frame: MAVLinkFrame) throws(FuzzFinding) {
        let bytes: [UInt8]
        do {
            bytes = try frame.serialized()
        } catch {
            throw target.finding(
                "frame-round-trip", "a parsed frame (id \(frame.messageID)) does not serialise: \(error)")
        }
        let reparsed = ParseRun(bytes, acceptsV1: true, chunkSizes: [bytes.count])
        try target.require(
            reparsed.frames == [frame] && reparsed.buffered == 0 && reparsed.statistics.droppedBytes == 0,
            "frame-round-trip", "serialised frame id \(frame.messageID) parses back as \(reparsed)")
    }

    /// Framing the decoded message with our encoder must give one frame carrying the same message.
    private static func checkFraming(of message: any MAVLinkMessage, like frame: MAVLinkFrame, fullPayload: [UInt8])
        throws(FuzzFinding)
    {
        let bytes = MAVLinkFrame.encode(
            message, systemID: frame.systemID, componentID: frame.componentID, sequence: frame.sequence)
        let reparsed = ParseRun(bytes, acceptsV1: false, chunkSizes: [bytes.count])
        guard reparsed.frames.count == 1, reparsed.buffered == 0, let only = reparsed.frames.first else {
            throw target.finding("frame-round-trip", "encoder output for id \(frame.messageID) parses as \(reparsed)")
        }
        var truncated = fullPayload
        while truncated.count > 1, truncated.last == 0 {
            truncated.removeLast()
        }
        try target.require(
            only.payload == truncated, "frame-round-trip",
            "encoder did not truncate id \(frame.messageID) to \(truncated.count) bytes")
        let decoded: any MAVLinkMessage
        do {
            decoded = try only.decode()
        } catch {
            throw target.finding(
                "frame-round-trip", "encoder output for id \(frame.messageID) does not decode: \(error)")
        }
        try target.require(
            payload(of: decoded) == fullPayload, "frame-round-trip",
            "message id \(frame.messageID) changed through the encoder")
    }

    private static func payload(of message: any MAVLinkMessage) -> [UInt8] {
        var bytes: [UInt8] = []
        message.encodePayload(into: &bytes)
        return bytes
    }

    /// Payload offsets outside `char[N]` fields, which must survive decode + encode bit for bit.
    private static func nonCharIndices(of type: any MAVLinkMessage.Type) -> [Int] {
        var indices: [Int] = []
        var offset = 0
        for field in type.fields {
            if field.type != .char {
                indices.append(contentsOf: offset..<(offset + field.wireLength))
            }
            offset += field.wireLength
        }
        return indices
    }
}
