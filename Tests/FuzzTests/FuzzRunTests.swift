import Foundation
import SkyRelayFuzzing
import Testing

/// The short bounded fuzz run of the test command: every committed seed and regression input, then a
/// few thousand seeded (reproducible) mutations per target. scripts/fuzz runs the long libFuzzer version.
@Suite("Bounded fuzz runs")
struct FuzzRunTests {
    static let mutationsPerTarget = 5000

    @Test(arguments: FuzzTarget.allCases)
    func seedsAndMutationsKeepEveryInvariant(_ target: FuzzTarget) async throws {
        let corpus = try FuzzCorpus(paths: target.committedInputDirectories)
        #expect(!corpus.inputs.isEmpty)
        let harness = FuzzHarness(
            target: target, corpus: corpus, dictionary: try FuzzCorpus.dictionary(contentsOf: target.dictionaryFile))
        let report = await harness.run(mutations: Self.mutationsPerTarget, seed: 20_261_125)
        #expect(report.executions == corpus.inputs.count + Self.mutationsPerTarget)
        for failure in report.failures.prefix(5) {
            Issue.record(
                "\(failure.finding) [\(failure.origin)], input base64 \(Data(failure.input).base64EncodedString())")
        }
    }
}
