/// A forward reader over the bytes of one JSON payload for the hand-written telemetry path
/// (``TelemetryScanner``). It reads only the plain forms the agent writes: no string escapes, no bytes
/// above ASCII, integers as bare digits. On anything else it gives up (``JSONByteReader/GiveUp``) and the
/// caller decodes the payload with `JSONDecoder`, which accepts every valid form and names the field of
/// every error: this reader never reports an error of its own.
struct JSONByteReader: ~Copyable {
    /// The payload is not in the plain form this reader handles; not a verdict on its validity.
    struct GiveUp: Error {}

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Skips space, then consumes `byte` or gives up.
    mutating func expect(_ byte: UInt8) throws(GiveUp) {
        skipSpace()
        guard current == byte else { throw GiveUp() }
        index += 1
    }

    /// Skips space, then consumes `byte` if it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard current == byte else { return false }
        index += 1
        return true
    }

    /// Whether only space is left.
    mutating func atEnd() -> Bool {
        skipSpace()
        return index == bytes.count
    }

    /// A member name (up to its closing quote; the caller reads the `:`).
    mutating func key() throws(GiveUp) -> JSONKey {
        JSONKey(bytes: try plainString())
    }

    /// A string without escapes, control characters or non-ASCII bytes.
    mutating func string() throws(GiveUp) -> String {
        String(decoding: try plainString(), as: UTF8.self)
    }

    /// A string naming one case of `Value` (an enum with String raw values).
    mutating func rawValue<Value: RawRepresentable>(_: Value.Type) throws(GiveUp) -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: try string()) else { throw GiveUp() }
        return value
    }

    /// The bytes of a string without escapes, control characters or non-ASCII bytes, between its quotes.
    private mutating func plainString() throws(GiveUp) -> UnsafeRawBufferPointer {
        try expect(UInt8(ascii: "\""))
        let start = index
        while true {
            guard let byte = current else { throw GiveUp() }
            if byte == UInt8(ascii: "\"") { break }
            guard byte >= 0x20, byte != UInt8(ascii: "\\"), byte < 0x80 else { throw GiveUp() }
            index += 1
        }
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
        index += 1
        return text
    }

    /// `null` if it is next (consumed), for optional fields.
    mutating func null() -> Bool {
        skipSpace()
        guard bytes.count - index >= 4, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        index += 4
        return true
    }

    mutating func bool() throws(GiveUp) -> Bool {
        skipSpace()
        if bytes.count - index >= 4, bytes[index] == UInt8(ascii: "t"), bytes[index + 1] == UInt8(ascii: "r"),
            bytes[index + 2] == UInt8(ascii: "u"), bytes[index + 3] == UInt8(ascii: "e")
        {
            index += 4
            return true
        }
        if bytes.count - index >= 5, bytes[index] == UInt8(ascii: "f"), bytes[index + 1] == UInt8(ascii: "a"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "s"),
            bytes[index + 4] == UInt8(ascii: "e")
        {
            index += 5
            return false
        }
        throw GiveUp()
    }

    /// An integer written as bare digits with an optional minus (no fraction, no exponent), within Int64.
    mutating func int64() throws(GiveUp) -> Int64 {
        skipSpace()
        let negative = current == UInt8(ascii: "-")
        if negative { index += 1 }
        let magnitude = try digits()
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw GiveUp() }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw GiveUp() }
        return Int64(magnitude)
    }

    /// A non-negative integer written as bare digits, within UInt64.
    mutating func uint64() throws(GiveUp) -> UInt64 {
        skipSpace()
        return try digits()
    }

    /// Digits without a leading zero (JSON), followed by none of `.eE`.
    private mutating func digits() throws(GiveUp) -> UInt64 {
        let start = index
        var value: UInt64 = 0
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { throw GiveUp() }
            value = sum
            index += 1
        }
        let count = index - start
        guard count > 0, count == 1 || bytes[start] != UInt8(ascii: "0") else { throw GiveUp() }
        if let byte = current, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw GiveUp()
        }
        return value
    }

    /// A JSON number as a Double, rounded as `JSONDecoder` rounds it (correctly). Up to 15 significant
    /// digits with a decimal exponent within ±22, the digits and the power of ten are both exact doubles
    /// and one multiplication or division rounds correctly (Clinger's fast path); anything else goes
    /// through the correctly rounding `strtod`.
    mutating func double() throws(GiveUp) -> Double {
        skipSpace()
        let start = index
        let negative = current == UInt8(ascii: "-")
        if negative { index += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        let integerStart = index
        while let digit = currentDigit {
            if mantissa != 0 || digit != 0 { significant += 1 }
            mantissa = mantissa &* 10 &+ digit
            index += 1
        }
        let integerDigits = index - integerStart
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            throw GiveUp()
        }
        var fractionDigits = 0
        if current == UInt8(ascii: ".") {
            index += 1
            while let digit = currentDigit {
                if mantissa != 0 || digit != 0 { significant += 1 }
                mantissa = mantissa &* 10 &+ digit
                fractionDigits += 1
                index += 1
            }
            guard fractionDigits > 0 else { throw GiveUp() }
        }
        var exponent = 0
        if let byte = current, byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if let sign = current, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                exponentNegative = sign == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            while let digit = currentDigit {
                exponent = min(exponent * 10 + Int(digit), 100_000)
                index += 1
            }
            guard index > exponentStart else { throw GiveUp() }
            if exponentNegative { exponent = -exponent }
        }
        let power = exponent - fractionDigits
        if significant <= 15, (-22...22).contains(power) {
            var value = Double(mantissa)
            value = power >= 0 ? value * Self.powersOfTen[power] : value / Self.powersOfTen[-power]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw GiveUp() }
        return value
    }

    private var currentDigit: UInt64? {
        guard let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        return UInt64(byte - UInt8(ascii: "0"))
    }

    /// 10^0 ... 10^22, each exact in a Double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]
}

/// A member name as read from the payload (valid while its reader's bytes are), looked up in a
/// ``JSONKeyTable`` without building a String.
struct JSONKey {
    let bytes: UnsafeRawBufferPointer
}
