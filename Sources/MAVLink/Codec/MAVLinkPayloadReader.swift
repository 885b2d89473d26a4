/// Reads little-endian fields from a payload, yielding zeros past its end.
///
/// Reading zeros past the end is exactly MAVLink 2 payload truncation: the sender dropped trailing
/// zero bytes, so the receiver must zero-extend to the full length.
struct MAVLinkPayloadReader<Bytes: Collection<UInt8>> {
    private let bytes: Bytes
    private var index: Bytes.Index

    init(_ bytes: Bytes, messageID: UInt32, maxLength: Int) throws(MAVLinkError) {
        let count = bytes.count
        guard count <= maxLength else {
            throw .payloadTooLong(messageID: messageID, length: count, maxLength: maxLength)
        }
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    private mutating func nextByte() -> UInt8 {
        guard index != bytes.endIndex else { return 0 }
        defer { bytes.formIndex(after: &index) }
        return bytes[index]
    }

    mutating func read<T: MAVLinkWireScalar>(_: T.Type) -> T {
        var bits: UInt64 = 0
        for shift in 0..<T.wireSize {
            bits |= UInt64(nextByte()) << (8 * shift)
        }
        return T(wireBits: bits)
    }

    mutating func readArray<T: MAVLinkWireScalar>(_ type: T.Type, count: Int) -> [T] {
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            values.append(read(type))
        }
        return values
    }

    /// A `char[N]` field: NUL-terminated unless it fills all N bytes; invalid UTF-8 is repaired.
    mutating func readString(length: Int) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(length)
        var terminated = false
        for _ in 0..<length {
            let byte = nextByte()
            if byte == 0 { terminated = true }
            if !terminated { utf8.append(byte) }
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
