/// Splits a byte stream (UDP datagrams, serial reads) into checked MAVLink frames.
///
/// Feed it bytes in chunks of any size; a frame split across chunks is kept until complete. It
/// resynchronises on garbage by scanning for a start marker, verifies CRC-16/MCRF4XX seeded with the
/// message's CRC_EXTRA, and counts what it skips in `statistics` instead of failing.
///
/// A bad checksum, an impossible length or an unknown message id rescans from the byte after the start
/// marker, so a real frame hidden behind a false start is still found. An unknown id cannot be
/// checked, so its length field is not trusted either: skipping the bytes it claims would let one
/// bogus 10-byte header (`FD FF 00 00 00 01 01 FF FF FF`) swallow the next 257 bytes of good frames.
///
/// Signed frames are returned with their signature; `MAVLinkSignatureVerifier` checks it.
/// ``parseDatagram(_:)`` parses one UDP datagram on its own: a frame never spans datagrams, so what
/// is left over is dropped instead of waiting to be completed by the next (possibly foreign) datagram.
public struct MAVLinkStreamParser: Sendable {
    /// What the parser has seen so far.
    public private(set) var statistics = MAVLinkParserStatistics()
    /// Whether MAVLink 1 frames are returned (true) or counted and skipped (false).
    public var acceptsV1: Bool

    private var buffer: [UInt8] = []
    private var start = 0

    public init(acceptsV1: Bool = true) {
        self.acceptsV1 = acceptsV1
    }

    /// Bytes held back waiting for the rest of a frame.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Appends `bytes` and returns every complete, valid frame now available, in stream order.
    public mutating func parse(_ bytes: some Collection<UInt8>) -> [MAVLinkFrame] {
        buffer.append(contentsOf: bytes)
        var frames: [MAVLinkFrame] = []
        drain(into: &frames)
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        return frames
    }

    /// Parses one datagram as a whole: a frame never spans datagrams, so a start marker whose frame
    /// would run past the datagram's end is a false start. It is dropped and the scan goes on at the
    /// next byte (a good frame behind it is still found); nothing carries over to the next datagram.
    public mutating func parseDatagram(_ bytes: some Collection<UInt8>) -> [MAVLinkFrame] {
        buffer.removeAll(keepingCapacity: true)
        start = 0
        buffer.append(contentsOf: bytes)
        var frames: [MAVLinkFrame] = []
        drain(into: &frames)
        while start < buffer.count {
            _ = dropStartByte()
            drain(into: &frames)
        }
        buffer.removeAll(keepingCapacity: true)
        start = 0
        return frames
    }

    private mutating func drain(into frames: inout [MAVLinkFrame]) {
        scan: while true {
            switch step() {
            case .frame(let frame):
                frames.append(frame)
            case .skipped:
                continue
            case .needMoreBytes:
                break scan
            }
        }
    }

    private enum Step {
        case frame(MAVLinkFrame)
        case skipped
        case needMoreBytes
    }

    private mutating func step() -> Step {
        while start < buffer.count, buffer[start] != MAVLinkFrame.v2Magic, buffer[start] != MAVLinkFrame.v1Magic {
            start += 1
            statistics.droppedBytes += 1
        }
        guard start < buffer.count else { return .needMoreBytes }
        return buffer[start] == MAVLinkFrame.v2Magic ? stepV2() : stepV1()
    }

    /// Gives up on the start marker at `start`: the next scan begins one byte later, so a real
    /// frame hidden behind a false start is still found.
    private mutating func dropStartByte() -> Step {
        start += 1
        statistics.droppedBytes += 1
        return .skipped
    }

    private enum FrameCheck {
        case valid(payloadEnd: Int)
        case stop(Step)
    }

    /// The checks v1 and v2 frames share: known message id (unknown ones are skipped whole), payload
    /// length within the message's maximum, the whole frame buffered, and the CRC with CRC_EXTRA.
    private mutating func check(messageID: UInt32, length: Int, headerLength: Int, total: Int) -> FrameCheck {
        guard let type = MAVLinkMessageSet.messageType(for: messageID) else {
            statistics.unknownMessage += 1
            return .stop(dropStartByte())
        }
        guard length <= type.maxPayloadLength else {
            statistics.invalidLength += 1
            return .stop(dropStartByte())
        }
        guard buffer.count - start >= total else { return .stop(.needMoreBytes) }
        let payloadEnd = start + headerLength + length
        guard checksumMatches(end: payloadEnd, crcExtra: type.crcExtra) else {
            statistics.badCRC += 1
            return .stop(dropStartByte())
        }
        return .valid(payloadEnd: payloadEnd)
    }

    private mutating func stepV2() -> Step {
        let headerLength = MAVLinkFrame.v2HeaderLength
        guard buffer.count - start >= headerLength else { return .needMoreBytes }
        let length = Int(buffer[start + 1])
        let incompatFlags = buffer[start + 2]
        guard incompatFlags & ~MAVLinkFrame.incompatFlagSigned == 0 else {
            // Unknown incompatibility flags: the spec says such frames must be dropped.
            return dropStartByte()
        }
        let signed = incompatFlags & MAVLinkFrame.incompatFlagSigned != 0
        let total = headerLength + length + 2 + (signed ? MAVLinkFrame.signatureLength : 0)
        let messageID = UInt32(buffer[start + 7]) | UInt32(buffer[start + 8]) << 8 | UInt32(buffer[start + 9]) << 16
        let payloadEnd: Int
        switch check(messageID: messageID, length: length, headerLength: headerLength, total: total) {
        case .valid(let end): payloadEnd = end
        case .stop(let step): return step
        }
        let frame = MAVLinkFrame(
            version: .v2,
            sequence: buffer[start + 4],
            systemID: buffer[start + 5],
            componentID: buffer[start + 6],
            messageID: messageID,
            payload: Array(buffer[(start + headerLength)..<payloadEnd]),
            incompatFlags: incompatFlags,
            compatFlags: buffer[start + 3],
            signature: signed ? Array(buffer[(payloadEnd + 2)..<(start + total)]) : nil
        )
        if signed { statistics.signedFrames += 1 }
        statistics.frames += 1
        start += total
        return .frame(frame)
    }

    private mutating func stepV1() -> Step {
        let headerLength = MAVLinkFrame.v1HeaderLength
        guard buffer.count - start >= headerLength else { return .needMoreBytes }
        let length = Int(buffer[start + 1])
        let total = headerLength + length + 2
        let messageID = UInt32(buffer[start + 5])
        let payloadEnd: Int
        switch check(messageID: messageID, length: length, headerLength: headerLength, total: total) {
        case .valid(let end): payloadEnd = end
        case .stop(let step): return step
        }
        statistics.v1Frames += 1
        defer { start += total }
        guard acceptsV1 else { return .skipped }
        statistics.frames += 1
        return .frame(
            MAVLinkFrame(
                version: .v1,
                sequence: buffer[start + 2],
                systemID: buffer[start + 3],
                componentID: buffer[start + 4],
                messageID: messageID,
                payload: Array(buffer[(start + headerLength)..<payloadEnd])
            ))
    }

    /// Checks the little-endian CRC stored at `end` against header (without marker) + payload + extra.
    private func checksumMatches(end: Int, crcExtra: UInt8) -> Bool {
        let expected = MAVLinkCRC.checksum(buffer[(start + 1)..<end], crcExtra: crcExtra)
        let received = UInt16(buffer[end]) | UInt16(buffer[end + 1]) << 8
        return expected == received
    }
}
