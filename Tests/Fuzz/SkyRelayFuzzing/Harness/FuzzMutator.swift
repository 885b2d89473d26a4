/// Derives new inputs from corpus entries: byte-level edits like libFuzzer's, plus splicing and
/// dictionary tokens (the same `.dict` files libFuzzer gets), driven by a seeded generator.
public struct FuzzMutator: Sendable {
    private var rng: SplitMix64
    private let dictionary: [[UInt8]]
    /// Inputs never grow past this, like libFuzzer's `-max_len`.
    public let maxLength: Int

    /// Bytes that matter to our decoders: MAVLink start markers, JSON structure, boundary values.
    private static let interestingBytes: [UInt8] = [
        0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFD, 0xFE, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2C, 0x2D, 0x2E,
    ]

    public init(seed: UInt64, dictionary: [[UInt8]] = [], maxLength: Int = 4096) {
        rng = SplitMix64(seed: seed)
        self.dictionary = dictionary
        self.maxLength = maxLength
    }

    /// One to four stacked edits of `input`; `corpus` supplies splice partners.
    public mutating func mutate(_ input: [UInt8], corpus: [[UInt8]]) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            edit(&bytes, corpus: corpus)
        }
        return Array(bytes.prefix(maxLength))
    }

    private mutating func edit(_ bytes: inout [UInt8], corpus: [[UInt8]]) {
        switch Int.random(in: 0..<9, using: &rng) {
        case 0 where !bytes.isEmpty:
            bytes[index(in: bytes)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
        case 1 where !bytes.isEmpty:
            bytes[index(in: bytes)] = UInt8.random(in: 0...255, using: &rng)
        case 2 where !bytes.isEmpty:
            bytes[index(in: bytes)] = Self.interestingBytes.randomElement(using: &rng) ?? 0
        case 3:
            let count = Int.random(in: 1...8, using: &rng)
            bytes.insert(
                contentsOf: (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) },
                at: insertionPoint(in: bytes))
        case 4 where !bytes.isEmpty:
            let range = self.range(in: bytes)
            bytes.removeSubrange(range)
        case 5 where !bytes.isEmpty:
            let copied = Array(bytes[range(in: bytes)])
            bytes.insert(contentsOf: copied, at: insertionPoint(in: bytes))
        case 6 where !corpus.isEmpty:
            // Splice: our prefix, another entry's suffix.
            let other = corpus[Int.random(in: 0..<corpus.count, using: &rng)]
            let cut = insertionPoint(in: bytes)
            let otherCut = other.isEmpty ? 0 : Int.random(in: 0...other.count, using: &rng)
            bytes = Array(bytes[..<cut]) + other[otherCut...]
        case 7 where !dictionary.isEmpty:
            let token = dictionary[Int.random(in: 0..<dictionary.count, using: &rng)]
            if Bool.random(using: &rng), !bytes.isEmpty {
                let range = self.range(in: bytes, maxLength: token.count + 4)
                bytes.replaceSubrange(range, with: token)
            } else {
                bytes.insert(contentsOf: token, at: insertionPoint(in: bytes))
            }
        case 8 where !bytes.isEmpty:
            bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &rng)...)
        default:
            bytes.append(UInt8.random(in: 0...255, using: &rng))
        }
    }

    private mutating func index(in bytes: [UInt8]) -> Int {
        Int.random(in: 0..<bytes.count, using: &rng)
    }

    private mutating func insertionPoint(in bytes: [UInt8]) -> Int {
        Int.random(in: 0...bytes.count, using: &rng)
    }

    private mutating func range(in bytes: [UInt8], maxLength: Int = 16) -> Range<Int> {
        let start = index(in: bytes)
        let length = Int.random(in: 1...min(maxLength, bytes.count - start), using: &rng)
        return start..<(start + length)
    }
}
