import ArgumentParser
import FirmwareSim
import Foundation

/// `firmware-sim-bench`: how many simulated drones one simulation thread keeps in real time.
///
/// For each vehicle count it starts an in-process `Simulator` (one event loop thread, real UDP
/// sockets, GLOBAL_POSITION_INT at 10 Hz plus the default streams), lets every vehicle learn a
/// receiving socket, and measures over a window how far simulated time kept up with wall time and
/// how busy the simulation thread was. Run it in release mode, pinned to one core:
/// `taskset -c 0 .build/release/firmware-sim-bench --write docs/benchmarks.md`.
@main
struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firmware-sim-bench",
        abstract: "Measures how many simulated drones at 10 Hz one core keeps in real time."
    )

    @Option(help: "Comma-separated vehicle counts to try, ascending.")
    var counts: String = "250,500,1000,2000,3000,4000"

    @Option(help: "Runs per count (median/min/max are reported).")
    var runs: Int = 3

    @Option(help: "Measured window per run, wall seconds (after --warmup).")
    var seconds: Double = 10

    @Option(help: "Warm-up before measuring, wall seconds.")
    var warmup: Double = 3

    @Option(help: "GLOBAL_POSITION_INT rate, Hz.")
    var rate: Double = 10

    @Flag(
        help:
            "Arm every vehicle and take off before measuring, so the window runs flight physics (climb, hover, battery drain under load) rather than vehicles at rest."
    )
    var airborne = false

    @Option(help: "Markdown file whose firmware-sim section is replaced with the result.")
    var write: String?

    @Option(help: "Text recorded as the command line in the report.")
    var commandLine: String = "taskset -c 0 .build/release/firmware-sim-bench"

    @Option(help: "Paragraph appended to the report (conditions of this session).")
    var note: String?

    mutating func run() async throws {
        let counts = counts.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--counts: positive integers, e.g. 500,1000")
        }
        guard runs > 0, seconds > 0, warmup >= 0 else { throw ValidationError("--runs, --seconds must be positive") }
        var results: [CountResult] = []
        for count in counts {
            var samples: [RunSample] = []
            for run in 1...runs {
                let sample = try await BenchmarkRun(
                    count: count, positionRate: rate, warmup: warmup, window: seconds, airborne: airborne
                ).measure()
                print("count \(count) run \(run): \(sample.summary)")
                samples.append(sample)
            }
            let result = CountResult(count: count, samples: samples)
            results.append(result)
            // Past the first count that cannot keep up, larger counts only take longer to fail.
            if !result.keepsUp { break }
        }
        let report = Report(
            results: results, runs: runs, window: seconds, positionRate: rate, airborne: airborne,
            commandLine: commandLine, note: note)
        let section = report.markdown()
        print(section)
        if let write { try ReportFile(path: write).replaceSection(with: section) }
    }
}
