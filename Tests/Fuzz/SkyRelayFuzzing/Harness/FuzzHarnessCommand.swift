import ArgumentParser
import Foundation

/// Command line of a fuzz executable built without libFuzzer: replay + mutation for a bounded time.
public struct FuzzHarnessCommand: ParsableArguments {
    @Argument(help: "Corpus files or directories (default: the target's committed corpus and regressions).")
    public var paths: [String] = []

    @Option(help: "Stop mutating after this many seconds.")
    public var seconds: Double = 10

    @Option(help: "Stop after this many mutations.")
    public var runs: Int = .max

    @Option(help: "Seed of the mutation generator (runs are reproducible from it).")
    public var seed: UInt64 = 1

    @Option(help: "libFuzzer dictionary file (default: the target's committed one, if any).")
    public var dict: String?

    @Option(help: "Directory failing inputs are written to (default: fuzz-output/<target>/crashes, gitignored).")
    public var artifacts: String?

    public init() {}

    /// Parses the process arguments, runs `target`, prints a summary and exits (1 if anything failed).
    public static func main(target: FuzzTarget) async -> Never {
        let command = parseOrExit()
        do {
            Foundation.exit(try await command.run(target: target))
        } catch {
            Self.exit(withError: error)
        }
    }

    func run(target: FuzzTarget) async throws -> Int32 {
        let corpusPaths =
            paths.isEmpty
            ? target.committedInputDirectories
            : paths.map { URL(fileURLWithPath: $0) }
        let corpus = try FuzzCorpus(paths: corpusPaths)
        let dictionaryURL = dict.map { URL(fileURLWithPath: $0) } ?? target.dictionaryFile
        let dictionary =
            FileManager.default.fileExists(atPath: dictionaryURL.path)
            ? try FuzzCorpus.dictionary(contentsOf: dictionaryURL) : []
        let harness = FuzzHarness(target: target, corpus: corpus, dictionary: dictionary)
        let started = ContinuousClock.now
        let report = await harness.run(
            mutations: runs, seed: seed, deadline: started + .milliseconds(Int(seconds * 1000)))
        let elapsed = ContinuousClock.now - started
        print(
            "\(target.rawValue): harness (no libFuzzer), \(corpus.inputs.count) corpus inputs, \(report.executions) executions in \(elapsed), \(report.failures.count) failures"
        )
        guard !report.failures.isEmpty else { return 0 }
        let directory = URL(fileURLWithPath: artifacts ?? "fuzz-output/\(target.rawValue)/crashes")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (index, failure) in report.failures.enumerated() {
            let file = directory.appendingPathComponent("\(target.rawValue)-finding-\(index)")
            try Data(failure.input).write(to: file)
            print("  \(failure.finding) [\(failure.origin)] -> \(file.path)")
        }
        return 1
    }
}
