import Foundation

extension FuzzTarget {
    /// `Tests/Fuzz` of the source checkout this library was built from.
    public static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The committed seed corpus, `Tests/Fuzz/Corpus/<target>`.
    public var corpusDirectory: URL { Self.fuzzDirectory.appendingPathComponent("Corpus/\(rawValue)") }
    /// Inputs that once crashed or broke an invariant, `Tests/Fuzz/Regressions/<target>`; replayed by
    /// FuzzTests and merged into every run.
    public var regressionsDirectory: URL { Self.fuzzDirectory.appendingPathComponent("Regressions/\(rawValue)") }
    /// libFuzzer dictionary of tokens that matter to the target, `Tests/Fuzz/Dictionaries/<target>.dict`.
    public var dictionaryFile: URL { Self.fuzzDirectory.appendingPathComponent("Dictionaries/\(rawValue).dict") }

    /// The committed inputs every run starts from: the corpus, and the regressions once there are any.
    public var committedInputDirectories: [URL] {
        [corpusDirectory, regressionsDirectory].filter { FileManager.default.fileExists(atPath: $0.path) }
    }
}
