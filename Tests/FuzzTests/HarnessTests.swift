import Foundation
import SkyRelayFuzzing
import TestSupport
import Testing

/// The harness must be reproducible from its seed, or a failure reported by the test command could not
/// be replayed.
@Suite("Fuzz harness")
struct HarnessTests {
    @Test func mutationsAreReproducibleFromTheSeed() {
        let seeds: [[UInt8]] = [Array("{\"v\":1}".utf8), [0xFD, 0x09, 0x00]]
        var first = FuzzMutator(seed: 42, dictionary: [Array("null".utf8)])
        var second = FuzzMutator(seed: 42, dictionary: [Array("null".utf8)])
        var other = FuzzMutator(seed: 43, dictionary: [Array("null".utf8)])
        let a = (0..<200).map { first.mutate(seeds[$0 % 2], corpus: seeds) }
        let b = (0..<200).map { second.mutate(seeds[$0 % 2], corpus: seeds) }
        let c = (0..<200).map { other.mutate(seeds[$0 % 2], corpus: seeds) }
        #expect(a == b)
        #expect(a != c)
        #expect(a.allSatisfy { $0.count <= first.maxLength })
    }

    @Test func dictionaryEscapesAreDecoded() throws {
        let directory = try TemporaryDirectory(prefix: "fuzz-dict")
        defer { directory.remove() }
        let file = directory.file("test.dict")
        try "# comment\nmagic=\"\\xFD\\x09\"\n\"\\\"v\\\":1\"\nback=\"a\\\\b\"\n".write(
            to: file, atomically: true, encoding: .utf8)
        let tokens = try FuzzCorpus.dictionary(contentsOf: file)
        #expect(tokens == [[0xFD, 0x09], Array("\"v\":1".utf8), Array("a\\b".utf8)])
    }

    @Test func committedDictionariesParse() throws {
        for target in FuzzTarget.allCases {
            #expect(try !FuzzCorpus.dictionary(contentsOf: target.dictionaryFile).isEmpty, "\(target.rawValue).dict")
        }
    }
}
