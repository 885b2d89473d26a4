import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// A program started by a test (broker, simulator, agent, ground) that the test can signal, kill -9
/// and restart. Output goes to a log file so a failing test can print what the program said.
///
/// Not swift-subprocess: tests need a long-lived handle with a pid to SIGKILL mid-run, while
/// swift-subprocess scopes a child to one closure call.
public actor ChildProcess {
    public let executable: URL
    public let arguments: [String]
    public let environment: [String: String]?
    public let logURL: URL
    private var pid: pid_t?
    private var status: Int32?

    public init(executable: URL, arguments: [String], environment: [String: String]? = nil, logFile: URL) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.logURL = logFile
    }

    /// Starts (or starts again, appending to the same log) the program.
    ///
    /// posix_spawn with a cleared signal mask and default dispositions, because the test runner
    /// blocks SIGTERM/SIGINT and Foundation's `Process` would pass that mask on: the child would
    /// then ignore the graceful-stop signals these tests rely on.
    public func start() throws {
        if isRunning { return }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logURL.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Other threads' pipes (e.g. `run` below, Foundation's Process) must not leak into long-lived
        // children: a broker holding a pipe's write end keeps that pipe's reader waiting for EOF forever.
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let env = ProcessInfo.processInfo.environment.merging(environment ?? [:]) { _, new in new }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw TestSupportError.system("posix_spawn \(executable.path)", rc) }
        ChildRegistry.add(child)
        pid = child
        status = nil
    }

    public var isRunning: Bool {
        guard let pid, status == nil else { return false }
        var raw: Int32 = 0
        let r = waitpid(pid, &raw, WNOHANG)
        if r == 0 { return true }
        ChildRegistry.remove(pid)
        // WIFEXITED / WEXITSTATUS / WTERMSIG by hand: Glibc's macros are not imported into Swift.
        let signal = raw & 0x7f
        status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        return false
    }

    public var processID: Int32? { isRunning ? pid : nil }

    /// The exit code, or 128 + signal number for a child killed by a signal; nil while running.
    public var exitStatus: Int32? {
        _ = isRunning
        return status
    }

    public func signal(_ sig: Int32) {
        guard isRunning, let pid else { return }
        Glibc.kill(pid, sig)
    }

    /// SIGTERM, then SIGKILL if the program has not exited within `grace`.
    public func terminate(grace: Duration = .seconds(10)) async {
        guard isRunning, let pid else { return }
        Glibc.kill(pid, SIGTERM)
        if (try? await waitForExit(timeout: grace)) == nil { await kill() }
    }

    /// kill -9: no chance to flush or say goodbye, as in a power cut.
    public func kill() async {
        guard isRunning, let pid else { return }
        Glibc.kill(pid, SIGKILL)
        _ = try? await waitForExit(timeout: .seconds(10))
    }

    /// Waits for the exit status at most `timeout` (stretched by `TestPace.slowdown`; so is `terminate`'s grace).
    @discardableResult
    public func waitForExit(timeout: Duration) async throws -> Int32 {
        guard pid != nil else { throw TestSupportError.timeout("\(executable.lastPathComponent) was never started") }
        let deadline = ContinuousClock.now + TestPace.scaled(timeout)
        while isRunning {
            if ContinuousClock.now > deadline {
                throw TestSupportError.timeout("exit of \(executable.lastPathComponent)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return status ?? -1
    }

    public nonisolated func log() -> String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// Finds an executable product of this package built beside the running test bundle.
    /// SKYRELAY_BIN_DIR overrides the search (e.g. to test a release build).
    public static func product(_ name: String) throws -> URL {
        var dirs: [String] = []
        if let dir = ProcessInfo.processInfo.environment["SKYRELAY_BIN_DIR"] { dirs.append(dir) }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            dirs.append(dir.path)
            dir = dir.deletingLastPathComponent()
        }
        for d in dirs {
            let candidate = URL(fileURLWithPath: d).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw TestSupportError.executableNotFound(name, searched: dirs)
    }

    /// Finds a program in `extraDirectories`, then on PATH (mosquitto lives in /usr/sbin on Debian,
    /// which is not always on PATH).
    public static func system(_ name: String, extraDirectories: [String] = []) throws -> URL {
        let path =
            (extraDirectories + [ProcessInfo.processInfo.environment["PATH"] ?? "", "/usr/sbin:/usr/local/sbin:/sbin"])
            .joined(separator: ":")
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw TestSupportError.executableNotFound(name, searched: path.split(separator: ":").map(String.init))
    }

    /// glibc ≥ 2.34 has `posix_spawn_file_actions_addclosefrom_np`, but Swift's Glibc module does not
    /// export it; look it up at run time.
    private static let addCloseFrom:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
            else { return nil }
            return unsafeBitCast(
                symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
        }()

    /// Runs a program to completion and returns its output; throws if it fails.
    @discardableResult
    public static func run(_ executable: URL, _ arguments: [String]) throws -> String {
        // Output goes to a file, not a pipe: a daemon the program starts (pg_ctl, a child spawned
        // concurrently elsewhere) may inherit a pipe's write end and withhold EOF; a file has no EOF to wait for.
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent(
            "skyrelay-run-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
            throw TestSupportError.system("create \(outputURL.path)", errno)
        }
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        p.standardOutput = output
        p.standardError = output
        try p.run()
        p.waitUntilExit()
        let out = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        guard p.terminationStatus == 0 else {
            throw TestSupportError.processFailed(
                ([executable.path] + arguments).joined(separator: " "), status: p.terminationStatus, log: out)
        }
        return out
    }
}

/// Every child still alive when the test process exits is killed, so a failed test
/// leaves no broker or simulator behind holding ports.
///
/// The locks are NIO's (pthread mutexes) rather than `Synchronization.Mutex`: on Linux a contended Mutex
/// waits in a futex inside the uninstrumented Swift runtime, where ThreadSanitizer cannot see the lock
/// being taken, so parallel tests starting children were reported as racing on this set.
enum ChildRegistry {
    private static let pids = NIOLockedValueBox<Set<Int32>>([])
    private static let installed = NIOLockedValueBox(false)

    static func add(_ pid: Int32) {
        pids.withLockedValue { _ = $0.insert(pid) }
        installed.withLockedValue { done in
            guard !done else { return }
            done = true
            atexit { ChildRegistry.killAll() }
        }
    }

    static func remove(_ pid: Int32) { pids.withLockedValue { _ = $0.remove(pid) } }

    static func killAll() {
        for pid in pids.withLockedValue({ $0 }) { kill(pid, SIGKILL) }
    }
}

/// Polls `condition` until it holds or `timeout` (stretched by `TestPace.slowdown`) passes.
public func waitUntil(
    _ what: String,
    timeout: Duration = .seconds(10),
    every interval: Duration = .milliseconds(50),
    isolation: isolated (any Actor)? = #isolation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + TestPace.scaled(timeout)
    while try await !condition() {
        if ContinuousClock.now > deadline { throw TestSupportError.timeout(what) }
        try await Task.sleep(for: interval)
    }
}
