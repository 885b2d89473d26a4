import Foundation
import SkyRelayFuzzing
import Testing

/// Every input that ever crashed a target or broke an invariant (`Tests/Fuzz/Regressions/<target>/`,
/// named after the bug) must now pass, each as its own test case.
@Suite("Fuzz regressions")
struct RegressionTests {
    struct Regression: Sendable, CustomTestStringConvertible {
        var target: FuzzTarget
        var file: URL
        var testDescription: String { "\(target.rawValue)/\(file.lastPathComponent)" }
    }

    static let regressions: [Regression] = FuzzTarget.allCases.flatMap { target in
        let files =
            (try? FileManager.default.contentsOfDirectory(
                at: target.regressionsDirectory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.path < $1.path }
            .map { Regression(target: target, file: $0) }
    }

    @Test(arguments: regressions)
    func passes(_ regression: Regression) async throws {
        try await regression.target.run([UInt8](try Data(contentsOf: regression.file)))
    }
}
