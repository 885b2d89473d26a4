import Foundation
import TestSupport
import Testing

/// ground-control's planning flags: an unknown promise rule is refused at start, naming the flag and the
/// rules it accepts, before anything is opened.
@Suite("ground-control planning flags")
struct GroundControlPlanningFlagsTests {
    @Test func anUnknownPromiseRuleIsRefusedNamingTheFlagAndTheChoices() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let database = dir.url.appendingPathComponent("ground.sqlite")
        do {
            let out = try ChildProcess.run(
                try ChildProcess.product("ground-control"),
                ["--database", database.path, "--promise-rule", "soonest", "--promise-hold", "--no-web-ui"])
            Issue.record("ground-control started with an unknown promise rule: \(out)")
        } catch let TestSupportError.processFailed(_, status, log) {
            #expect(status == 64)
            #expect(log.contains("--promise-rule"))
            #expect(log.contains("'soonest'"))
            #expect(log.contains("none, beforeLaterDue, first"))
        }
        #expect(!FileManager.default.fileExists(atPath: database.path), "refused before the database was opened")
    }
}
