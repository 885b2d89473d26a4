/// Appends little-endian fields to a payload buffer (the inverse of `MAVLinkPayloadReader`).
enum MAVLinkPayloadWriter {
    static func write<T: MAVLinkWireScalar>(_ value: T, into buffer: inout [UInt8]) {
        var bits = value.wireBits
        for _ in 0..<T.wireSize {
            buffer.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    /// Writes exactly `count` elements: extra values are dropped, missing ones written as zero, so a
    /// wrongly sized array can never shift the fields after it.
    static func writeArray<T: MAVLinkWireScalar>(_ values: [T], count: Int, into buffer: inout [UInt8]) {
        for value in values.prefix(count) {
            write(value, into: &buffer)
        }
        if values.count < count {
            buffer.append(contentsOf: repeatElement(0, count: (count - values.count) * T.wireSize))
        }
    }

    /// A `char[N]` field: UTF-8 cut to N bytes, NUL-padded (no terminator when exactly N bytes).
    static func writeString(_ string: String, length: Int, into buffer: inout [UInt8]) {
        var written = 0
        for byte in string.utf8.prefix(length) {
            buffer.append(byte)
            written += 1
        }
        buffer.append(contentsOf: repeatElement(0, count: length - written))
    }
}
