import Foundation

/// A real Mosquitto broker on a free 127.0.0.1 port, configured in a temp dir.
///
/// Persistence is on, so `restart()` (same port, same config) keeps persistent sessions and
/// queued QoS 1 messages, as a production broker would across a restart.
public actor MosquittoBroker {
    public struct User: Sendable {
        public var name: String
        public var password: String
        public init(_ name: String, password: String) {
            self.name = name
            self.password = password
        }
    }

    public struct TLS: Sendable {
        public var caFile: String
        public var certFile: String
        public var keyFile: String
        public var requireClientCertificate: Bool
        public init(caFile: String, certFile: String, keyFile: String, requireClientCertificate: Bool = false) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.requireClientCertificate = requireClientCertificate
        }
    }

    public struct Options: Sendable {
        /// Users for a password file; empty means anonymous clients are allowed.
        public var users: [User] = []
        /// Text of an ACL file (mosquitto syntax), used only with `users`.
        public var acl: String?
        public var tls: TLS?
        /// Extra lines appended to the generated mosquitto.conf.
        public var extraConfig: [String] = []
        public init(users: [User] = [], acl: String? = nil, tls: TLS? = nil, extraConfig: [String] = []) {
            self.users = users
            self.acl = acl
            self.tls = tls
            self.extraConfig = extraConfig
        }
    }

    public let port: UInt16
    public let directory: TemporaryDirectory
    public let options: Options
    private let process: ChildProcess
    public var url: String { "\(options.tls == nil ? "mqtt" : "mqtts")://127.0.0.1:\(port)" }
    public var host: String { "127.0.0.1" }

    public init(options: Options = Options()) throws {
        self.options = options
        directory = try TemporaryDirectory(prefix: "mosquitto")
        port = try FreePort.next()
        let config = try Self.writeConfig(options: options, port: port, directory: directory)
        process = ChildProcess(
            executable: try ChildProcess.system("mosquitto"),
            arguments: ["-c", config],
            logFile: directory.file("mosquitto.out")
        )
    }

    /// Starts a broker and waits until it accepts connections.
    public static func start(options: Options = Options()) async throws -> MosquittoBroker {
        let broker = try MosquittoBroker(options: options)
        try await broker.start()
        return broker
    }

    public func start() async throws {
        try await process.start()
        do {
            try await waitUntil("mosquitto on port \(port)", timeout: .seconds(10)) {
                if await !process.isRunning {
                    throw TestSupportError.processFailed(
                        "mosquitto", status: await process.exitStatus ?? -1, log: log())
                }
                return FreePort.acceptsConnections(port: port)
            }
        } catch {
            await process.kill()
            throw error
        }
    }

    /// Graceful stop: mosquitto writes its persistence file.
    public func stop() async { await process.terminate() }

    /// kill -9: the broker loses what it had not yet persisted.
    public func kill() async { await process.kill() }

    public func restart() async throws {
        await stop()
        try await start()
    }

    public var isRunning: Bool { get async { await process.isRunning } }

    /// Stops the broker and removes its directory.
    public func shutdown() async {
        await process.terminate()
        directory.remove()
    }

    public nonisolated func log() -> String {
        let file = (try? String(contentsOf: directory.file("mosquitto.log"), encoding: .utf8)) ?? ""
        let out = (try? String(contentsOf: directory.file("mosquitto.out"), encoding: .utf8)) ?? ""
        return file + out
    }

    private static func writeConfig(options: Options, port: UInt16, directory: TemporaryDirectory) throws -> String {
        var lines = [
            "per_listener_settings false",
            "listener \(port) 127.0.0.1",
            "persistence true",
            "persistence_location \(directory.path)/",
            "autosave_interval 1",
            "log_dest file \(directory.path)/mosquitto.log",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            "connection_messages true",
            "log_timestamp_format %Y-%m-%dT%H:%M:%S",
            "max_queued_messages 200000",
            "max_inflight_messages 0",
            "set_tcp_nodelay true",
        ]
        // Started as root, mosquitto switches to the `mosquitto` user, which can neither write the
        // log and persistence file in our temp dir nor read 0600 TLS keys: stay the invoking user.
        if geteuid() == 0 { lines.append("user root") }
        if options.users.isEmpty {
            lines.append("allow_anonymous true")
        } else {
            lines.append("allow_anonymous false")
            let passwordFile = directory.file("passwd").path
            _ = FileManager.default.createFile(atPath: passwordFile, contents: nil)
            let tool = try ChildProcess.system("mosquitto_passwd")
            for user in options.users {
                try ChildProcess.run(tool, ["-b", passwordFile, user.name, user.password])
            }
            lines.append("password_file \(passwordFile)")
            if let acl = options.acl {
                let aclFile = directory.file("acl").path
                try acl.write(toFile: aclFile, atomically: true, encoding: .utf8)
                lines.append("acl_file \(aclFile)")
            }
        }
        if let tls = options.tls {
            lines += [
                "cafile \(tls.caFile)",
                "certfile \(tls.certFile)",
                "keyfile \(tls.keyFile)",
                "require_certificate \(tls.requireClientCertificate)",
            ]
        }
        lines += options.extraConfig
        let path = directory.file("mosquitto.conf").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
