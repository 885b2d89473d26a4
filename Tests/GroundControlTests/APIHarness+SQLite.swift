import Foundation
import TestSupport

extension APIHarness {
    /// Runs `sql` on the harness's database with the system sqlite3 shell, a reader independent of the store.
    func sqlite(_ sql: String) throws -> String {
        try ChildProcess.run(ChildProcess.system("sqlite3"), [dir.sqlitePath(), sql])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
