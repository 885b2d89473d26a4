import Foundation
import NIOConcurrencyHelpers

/// A real PostgreSQL server (Debian `postgresql`, 15 or newer) on a free 127.0.0.1 port, its data
/// directory and unix socket in a temp dir, trust authentication for the user `skyrelay`.
///
/// PostgreSQL refuses to run as root: when the tests do, `initdb` and `postgres` run as the
/// `postgres` system user (through `setpriv`, which execs in place so `kill()` hits the server itself).
/// Durability is off (`fsync`, `synchronous_commit`): tests need speed, not crash safety of the disk.
public actor PostgresServer {
    public static let user = "skyrelay"
    public let port: UInt16
    public let directory: TemporaryDirectory
    private let process: ChildProcess
    private var databaseCount = 0

    public var host: String { "127.0.0.1" }

    /// Runs `initdb` into a fresh temp dir; call ``start()`` next.
    public init() throws {
        directory = try TemporaryDirectory(prefix: "postgres")
        port = try FreePort.next()
        let data = directory.file("data").path
        let owner = try Self.serverUser()
        if let owner {
            // The server user must own the data dir and be able to create the socket beside it.
            try ChildProcess.run(try ChildProcess.system("chown"), ["-R", "\(owner):\(owner)", directory.path])
        }
        let initdb = try Self.invocation(
            owner, tool: "initdb",
            [
                "-D", data, "-U", Self.user, "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C.UTF-8",
            ])
        try ChildProcess.run(initdb.executable, initdb.arguments)
        let server = try Self.invocation(
            owner, tool: "postgres",
            [
                "-D", data, "-p", "\(port)", "-k", directory.path, "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=300",
            ])
        process = ChildProcess(
            executable: server.executable, arguments: server.arguments, logFile: directory.file("postgres.log"))
    }

    /// Starts a server and waits until it accepts connections.
    public static func start() async throws -> PostgresServer {
        let server = try PostgresServer()
        try await server.start()
        return server
    }

    /// One server per test process, started on first use; each test takes its own database from it
    /// (``createDatabase()``), so tests stay isolated without paying for an `initdb` each.
    public static func shared() async throws -> PostgresServer {
        try await SharedServer.instance.server()
    }

    public func start() async throws {
        try await process.start()
        let ready = try ChildProcess.system("pg_isready", extraDirectories: Self.binaryDirectories)
        do {
            try await waitUntil("postgres on port \(port)", timeout: .seconds(30), every: .milliseconds(100)) {
                if await !process.isRunning {
                    throw TestSupportError.processFailed("postgres", status: await process.exitStatus ?? -1, log: log())
                }
                return (try? ChildProcess.run(ready, ["-q", "-h", host, "-p", "\(port)", "-U", Self.user])) != nil
            }
        } catch {
            await process.kill()
            throw error
        }
    }

    /// Creates a new empty database and returns its `postgres://` URL (TLS off: loopback only).
    public func createDatabase(prefix: String = "test") throws -> String {
        databaseCount += 1
        let name = "\(prefix)_\(databaseCount)"
        let createdb = try ChildProcess.system("createdb", extraDirectories: Self.binaryDirectories)
        try ChildProcess.run(createdb, ["-h", host, "-p", "\(port)", "-U", Self.user, name])
        return url(database: name)
    }

    public nonisolated func url(database: String) -> String {
        "postgres://\(Self.user)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Fast shutdown: open sessions are disconnected, then the server exits.
    public func stop() async { await process.terminate() }

    /// kill -9 of the postmaster.
    public func kill() async { await process.kill() }

    public var isRunning: Bool { get async { await process.isRunning } }

    /// Stops the server and removes its directory.
    public func shutdown() async {
        await process.terminate()
        directory.remove()
    }

    public nonisolated func log() -> String {
        (try? String(contentsOf: directory.file("postgres.log"), encoding: .utf8)) ?? ""
    }

    // MARK: Locating the binaries and the user

    /// Debian keeps the server binaries out of PATH, one directory per major version.
    static var binaryDirectories: [String] {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).sorted(by: >).map { "\(root)/\($0)/bin" }
    }

    /// The user to run the server as: nil when the tests are not root.
    private static func serverUser() throws -> String? {
        guard geteuid() == 0 else { return nil }
        guard getpwnam("postgres") != nil else {
            throw TestSupportError.executableNotFound("system user postgres (install Debian postgresql)", searched: [])
        }
        return "postgres"
    }

    /// `tool` from the PostgreSQL binaries, run as `owner` through `setpriv` when one is given.
    private static func invocation(
        _ owner: String?, tool: String, _ arguments: [String]
    ) throws -> (executable: URL, arguments: [String]) {
        let binary = try ChildProcess.system(tool, extraDirectories: binaryDirectories)
        guard let owner else { return (binary, arguments) }
        return (
            try ChildProcess.system("setpriv"),
            ["--reuid=\(owner)", "--regid=\(owner)", "--init-groups", "--", binary.path] + arguments
        )
    }
}

/// The lazily started per-process server behind ``PostgresServer/shared()``.
private actor SharedServer {
    static let instance = SharedServer()
    private var started: PostgresServer?

    func server() async throws -> PostgresServer {
        if let started { return started }
        let server = try await PostgresServer.start()
        started = server
        ExitCleanup.remove(server.directory)
        return server
    }
}

/// Directories removed when the test process exits (after ``ChildRegistry`` has killed their servers).
/// A NIO lock for the reason ``ChildRegistry`` gives.
private enum ExitCleanup {
    private static let directories = NIOLockedValueBox<[TemporaryDirectory]>([])

    static func remove(_ directory: TemporaryDirectory) {
        let first = directories.withLockedValue { list in
            list.append(directory)
            return list.count == 1
        }
        if first {
            atexit {
                ChildRegistry.killAll()
                for directory in ExitCleanup.directories.withLockedValue({ $0 }) { directory.remove() }
            }
        }
    }
}
