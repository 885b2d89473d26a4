/// One JSON object of the telemetry payload as ``TelemetryScanner`` reads it: the keys it accepts, how
/// each member's value is read, and the value built from them. ``scan(_:)`` is the one member loop every
/// object shares: an unknown or repeated key, or a missing required member, gives up (the payload goes to
/// `JSONDecoder`, which decodes it or names the field).
protocol ScannedObject {
    associatedtype Value
    /// The keys the object accepts, in the order writers list them; a member's index here is what
    /// ``read(_:_:)`` gets (at most 32).
    static var keys: JSONKeyTable { get }
    init()
    /// Reads the value of member `index` (of ``keys``), which comes first in this object.
    mutating func read(_ index: Int, _ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp)
    /// The object's value, or nil if a required member is missing.
    var value: Value? { get }
}

extension ScannedObject {
    /// Reads the object (from its `{` to its `}`).
    static func scan(_ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) -> Value {
        try reader.expect(UInt8(ascii: "{"))
        var object = Self()
        if !reader.take(UInt8(ascii: "}")) {
            let keys = Self.keys
            // One bit per key already read.
            var seen: UInt32 = 0
            var expected = 0
            repeat {
                guard let index = keys.index(of: try reader.key(), expected: expected) else {
                    throw JSONByteReader.GiveUp()
                }
                let bit: UInt32 = 1 << UInt32(index)
                guard seen & bit == 0 else { throw JSONByteReader.GiveUp() }
                seen |= bit
                try reader.expect(UInt8(ascii: ":"))
                try object.read(index, &reader)
                expected = index + 1
            } while reader.take(UInt8(ascii: ","))
            try reader.expect(UInt8(ascii: "}"))
        }
        guard let value = object.value else { throw JSONByteReader.GiveUp() }
        return value
    }
}
