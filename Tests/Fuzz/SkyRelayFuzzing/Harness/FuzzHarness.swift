/// Runs a target without libFuzzer: every corpus input once, then seeded mutations of them until a run
/// count or a deadline is reached. Used by the FuzzTests and by the fuzz executables when they are not
/// built with `-sanitize=fuzzer`.
///
/// There is no coverage feedback: mutants are kept in a small rolling pool so edits can stack, which
/// finds shallow bugs quickly and repeatably; libFuzzer is the tool for deep ones.
public struct FuzzHarness: Sendable {
    /// A failing input and what it broke.
    public struct Failure: Sendable {
        public var input: [UInt8]
        /// The corpus file, or `mutation #n of <file>`.
        public var origin: String
        public var finding: FuzzFinding
    }

    /// What a run did.
    public struct Report: Sendable {
        /// Inputs executed: corpus entries plus mutations.
        public var executions = 0
        public var failures: [Failure] = []
    }

    public var target: FuzzTarget
    public var corpus: FuzzCorpus
    public var dictionary: [[UInt8]]
    /// Mutants kept beside the seeds as parents for further mutation.
    private static let mutantPoolSize = 256

    public init(target: FuzzTarget, corpus: FuzzCorpus, dictionary: [[UInt8]] = []) {
        self.target = target
        self.corpus = corpus
        self.dictionary = dictionary
    }

    /// Replays the corpus, then runs up to `mutations` mutants (stopping early at `deadline`).
    public func run(mutations: Int, seed: UInt64, deadline: ContinuousClock.Instant? = nil) async -> Report {
        var report = Report()
        for entry in corpus.inputs {
            await execute(entry.bytes, origin: entry.name, into: &report)
        }
        let seeds = corpus.inputs.map(\.bytes)
        guard !seeds.isEmpty else { return report }
        var mutator = FuzzMutator(seed: seed, dictionary: dictionary)
        var pool = seeds
        var picker = SplitMix64(seed: seed ^ 0x5eed)
        for number in 0..<mutations {
            if number % 64 == 0, let deadline, ContinuousClock.now >= deadline { break }
            let parent = Int.random(in: 0..<pool.count, using: &picker)
            let mutant = mutator.mutate(pool[parent], corpus: seeds)
            await execute(mutant, origin: "mutation #\(number) (seed \(seed))", into: &report)
            if pool.count < seeds.count + Self.mutantPoolSize {
                pool.append(mutant)
            } else {
                pool[seeds.count + Int.random(in: 0..<Self.mutantPoolSize, using: &picker)] = mutant
            }
        }
        return report
    }

    private func execute(_ input: [UInt8], origin: String, into report: inout Report) async {
        report.executions += 1
        do {
            try await target.run(input)
        } catch {
            report.failures.append(Failure(input: input, origin: origin, finding: error))
        }
    }
}
