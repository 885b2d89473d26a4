import Foundation

/// The member names one scanned object accepts (``ScannedObject/keys``), each known by its index.
struct JSONKeyTable: Sendable {
    private let names: [[UInt8]]

    init(_ names: [StaticString]) {
        self.names = names.map { Array(UnsafeRawBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)) }
    }

    var count: Int { names.count }

    /// The index of `key`, tried first at `expected`: a writer lists the members in one order, so
    /// with the table in that order a lookup is one comparison.
    func index(of key: JSONKey, expected: Int) -> Int? {
        if expected < names.count, Self.matches(names[expected], key) { return expected }
        return names.indices.first { Self.matches(names[$0], key) }
    }

    private static func matches(_ name: [UInt8], _ key: JSONKey) -> Bool {
        guard name.count == key.bytes.count else { return false }
        return name.withUnsafeBytes { bytes in
            guard let nameStart = bytes.baseAddress, let keyStart = key.bytes.baseAddress else { return bytes.isEmpty }
            return memcmp(nameStart, keyStart, bytes.count) == 0
        }
    }
}
