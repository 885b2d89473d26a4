import Foundation

/// A fresh directory under the system temp dir, removed by `remove()`.
/// Set SKYRELAY_KEEP_TEST_FILES=1 to keep it for post-mortem reading of logs and databases.
public struct TemporaryDirectory: Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(prefix: String = "skyrelay-test") throws {
        let name = "\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        url = FileManager.default.temporaryDirectory.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// A path for a SQLite database that does not exist yet (WAL and SHM files land beside it).
    public func sqlitePath(_ name: String = "db") -> String { file("\(name).sqlite").path }

    public func remove() {
        if ProcessInfo.processInfo.environment["SKYRELAY_KEEP_TEST_FILES"] == "1" { return }
        try? FileManager.default.removeItem(at: url)
    }
}
