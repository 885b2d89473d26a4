import Foundation
import GroundAPIModel
import NIOCore

/// Writes JSON straight into a buffer, byte for byte as ``GroundJSON/encoder()`` writes it (keys in the
/// order the caller gives, which must be the sorted order; `/` escaped; numbers as `description` without
/// a trailing `.0`; dates as RFC 3339).
///
/// For the answers every booking and delivery read returns: Foundation's `JSONEncoder` builds a tree
/// of boxed values and sorts every object's keys before writing, which cost more than reading the row.
struct JSONBytes {
    private(set) var buffer: ByteBuffer
    /// Whether a member was written in the object being written, per nesting level.
    private var hasMember: [Bool] = []

    init(capacity: Int = 1024) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func beginObject() {
        buffer.writeInteger(UInt8(ascii: "{"))
        hasMember.append(false)
    }

    mutating func endObject() {
        buffer.writeInteger(UInt8(ascii: "}"))
        hasMember.removeLast()
    }

    /// Starts a member: comma if needed, then `"key":`. Keys are plain ASCII names of the API.
    mutating func key(_ name: StaticString) {
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        buffer.writeStaticString(name)
        buffer.writeInteger(UInt8(ascii: "\""))
        buffer.writeInteger(UInt8(ascii: ":"))
    }

    /// Starts a member whose key is data (a map's key), escaped like any string.
    mutating func mapKey(_ name: String) {
        separate()
        string(name)
        buffer.writeInteger(UInt8(ascii: ":"))
    }

    private mutating func separate() {
        if hasMember.last == true { buffer.writeInteger(UInt8(ascii: ",")) }
        if !hasMember.isEmpty { hasMember[hasMember.count - 1] = true }
    }

    mutating func string(_ value: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let byte = bytes[index]
                let escape: StaticString
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "/"): escape = "\\/"
                case 0x08: escape = "\\b"
                case 0x0C: escape = "\\f"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case 0..<0x20: escape = ""
                default: continue
                }
                buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                if escape.utf8CodeUnitCount > 0 {
                    buffer.writeStaticString(escape)
                } else {
                    buffer.writeStaticString("\\u00")
                    buffer.writeInteger(Self.hexDigit(byte >> 4))
                    buffer.writeInteger(Self.hexDigit(byte & 0x0F))
                }
            }
            buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// A finite number as `JSONEncoder` writes it; nil (nothing written) for NaN or an infinity, which
    /// `JSONEncoder` refuses.
    @discardableResult
    mutating func number(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        buffer.writeString(text)
        return true
    }

    mutating func date(_ value: Date) {
        string(RFC3339.format(value))
    }
}
