import Foundation
import TestSupport
import Testing

/// groundctl's output formats, exit statuses, error lines and shell completion, against a real
/// ground-control (see GroundctlTests for the commands themselves).
@Suite("groundctl output and exit statuses")
struct GroundctlOutputTests {
    /// The exit status and output of a command expected to fail.
    static func failure(_ station: GroundctlTests.Station, _ arguments: [String], url: String? = nil) throws -> (
        Int32, String
    ) {
        do {
            let out = try ChildProcess.run(station.ctl, arguments + ["--url", url ?? station.url])
            Issue.record("expected failure of \(arguments), got \(out)")
            return (0, out)
        } catch let TestSupportError.processFailed(_, status, log) {
            return (status, log)
        }
    }

    @Test func printsTablesOrJSONAndExitsLikeGhAndKubectl() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let station = try await GroundctlTests.start(dir: dir)
        let key = GroundctlTests.operatorKey

        // -o json, --output json and --json print the API's JSON; the default and -o table a table.
        for flags in [["-o", "json"], ["--output", "json"], ["--json"]] {
            let out = try station.run(["deliveries", "--key", key] + flags)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any], "\(flags)")
            #expect(object["items"] is [Any], "\(flags)")
        }
        #expect(try station.run(["fleet", "--key", key]).hasPrefix("DRONE"))
        #expect(try station.run(["fleet", "--key", key, "-o", "table"]).hasPrefix("DRONE"))

        // 4: no key, or a key that may not do it; 1: the API refused or ground is not there; 64: usage.
        let (noKey, noKeyLog) = try Self.failure(station, ["fleet"])
        #expect(noKey == 4)
        #expect(
            noKeyLog.hasPrefix("error: ") && noKeyLog.contains("HTTP 401") && noKeyLog.contains("--key"), "\(noKeyLog)")
        let (notFound, notFoundLog) = try Self.failure(station, ["delivery", "dlv_nope", "--key", key])
        #expect(notFound == 1)
        #expect(notFoundLog.hasPrefix("error: ") && notFoundLog.contains("HTTP 404 not_found"), "\(notFoundLog)")
        let port = try FreePort.next()
        let (down, downLog) = try Self.failure(station, ["fleet", "--key", key], url: "http://127.0.0.1:\(port)")
        #expect(down == 1)
        #expect(downLog.contains("cannot reach ground-control at http://127.0.0.1:\(port)"), "\(downLog)")
        let (badFormat, badFormatLog) = try Self.failure(station, ["fleet", "--key", key, "-o", "yaml"])
        #expect(badFormat == 64)
        #expect(badFormatLog.contains("'table'") && badFormatLog.contains("'json'"), "\(badFormatLog)")
        let (badSize, badSizeLog) = try Self.failure(
            station,
            [
                "book", "--key", key, "--pickup", "47.37,8.54", "--dropoff", "47.39,8.51", "--weight", "1", "--size",
                "huge",
            ])
        #expect(badSize == 64)
        #expect(badSizeLog.contains("error: --size: expected small, medium or large"), "\(badSizeLog)")

        // Shell completion from swift-argument-parser, naming the subcommands and the formats.
        for shell in ["bash", "zsh", "fish"] {
            let script = try ChildProcess.run(station.ctl, ["--generate-completion-script", shell])
            #expect(script.contains("deliveries") && script.contains("analytics"), "\(shell)")
        }
        #expect(try ChildProcess.run(station.ctl, ["--generate-completion-script", "bash"]).contains("--output"))
        await station.process.terminate()
    }
}
