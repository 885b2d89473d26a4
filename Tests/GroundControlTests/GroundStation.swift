import Foundation
import TestSupport
import Testing

/// A real `ground-control` process on a real broker, driven over its HTTP API with curl (an
/// independent HTTP client), restartable and killable with -9 on the same database.
struct GroundStation {
    static let operatorKey = "station-operator-key"

    let dir: TemporaryDirectory
    let process: ChildProcess
    let port: UInt16
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts ground-control against `mqttURL` and waits until it answers.
    /// `drones` are provisioned at start through `--drones-file` (a fixed fleet).
    static func start(dir: TemporaryDirectory, mqttURL: String, extra: [String] = [], drones: [String] = [])
        async throws -> GroundStation
    {
        let port = try FreePort.next()
        var extra = extra
        if !drones.isEmpty {
            let file = dir.file("drones.txt")
            try (["# the test's fleet"] + drones).joined(separator: "\n").write(
                to: file, atomically: true, encoding: .utf8)
            extra += ["--drones-file", file.path]
        }
        let process = ChildProcess(
            executable: try ChildProcess.product("ground-control"),
            arguments: [
                "--http-port", String(port), "--database", dir.sqlitePath("ground"), "--mqtt-url", mqttURL,
                "--instance-id", "test", "--scheduler-interval", "0.5", "--reply-timeout", "\(3 * TestPace.slowdown)",
                "--sse-heartbeat", "1",
            ] + extra,
            environment: ["SKYRELAY_OPERATOR_KEY": operatorKey], logFile: dir.file("ground.log"))
        let station = GroundStation(dir: dir, process: process, port: port)
        try await station.restart()
        return station
    }

    /// (Re)starts the process and waits for `/health`.
    func restart() async throws {
        try await process.start()
        try await waitUntil("ground-control answering", timeout: .seconds(30), every: .milliseconds(200)) {
            (try? await request("GET", "/health").status) == 200
        }
    }

    /// One HTTP exchange; the body is sent as JSON. Returns the status and the decoded JSON object.
    ///
    /// curl runs as a child awaited without blocking a thread: the machine's cooperative pool may
    /// have only two threads, and a create waits for the drone peer (in this process) to answer.
    func request(_ method: String, _ path: String, key: String? = nil, body: [String: Any]? = nil) async throws -> (
        status: Int, json: [String: Any]
    ) {
        var arguments = ["-sS", "--max-time", "15", "-X", method, "-w", "\n%{http_code}", baseURL + path]
        if let key { arguments += ["-H", "Authorization: Bearer \(key)"] }
        if let body {
            let data = try JSONSerialization.data(withJSONObject: body)
            arguments += [
                "-H", "Content-Type: application/json", "--data-binary", String(decoding: data, as: UTF8.self),
            ]
        }
        let output = dir.file("curl-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let curl = ChildProcess(executable: try ChildProcess.system("curl"), arguments: arguments, logFile: output)
        try await curl.start()
        _ = try await curl.waitForExit(timeout: .seconds(20))
        let split = curl.log().split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(split.last ?? "") ?? 0
        let text = split.dropLast().joined(separator: "\n")
        let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        return (status, json)
    }

    /// The Prometheus text of `/metrics`, fetched with curl.
    func metricsText() async throws -> String {
        let output = dir.file("metrics-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let curl = ChildProcess(
            executable: try ChildProcess.system("curl"), arguments: ["-sS", "--max-time", "15", baseURL + "/metrics"],
            logFile: output)
        try await curl.start()
        _ = try await curl.waitForExit(timeout: .seconds(20))
        return curl.log()
    }

    /// Registers a business and returns its API key.
    func registerBusiness(_ name: String) async throws -> String {
        let response = try await request("POST", "/v1/businesses", body: ["name": name])
        return try #require(response.json["apiKey"] as? String, "register: \(response)")
    }

    /// Registers a drone through the operator API (201), accepting one registered already (409).
    @Sendable func registerDrone(_ id: String) async throws {
        let response = try await request("POST", "/v1/drones", key: Self.operatorKey, body: ["droneId": id])
        try #require(response.status == 201 || response.status == 409, "register drone \(id): \(response)")
    }

    /// Books a delivery; returns the HTTP status and the delivery object.
    func book(key: String, pickup: (Double, Double), dropoff: (Double, Double), weightKg: Double = 1) async throws -> (
        status: Int, json: [String: Any]
    ) {
        try await request(
            "POST", "/v1/deliveries", key: key,
            body: [
                "pickup": ["lat": pickup.0, "lon": pickup.1], "dropoff": ["lat": dropoff.0, "lon": dropoff.1],
                "weightKg": weightKg, "size": "small",
            ])
    }

    func delivery(_ id: String, key: String) async throws -> [String: Any] {
        try await request("GET", "/v1/deliveries/\(id)", key: key).json
    }

    func status(_ id: String, key: String) async -> String? {
        (try? await delivery(id, key: key))?["status"] as? String
    }

    /// An operator view of one drone.
    func drone(_ id: String) async -> [String: Any]? {
        try? await request("GET", "/v1/fleet/\(id)", key: Self.operatorKey).json
    }

    /// Waits until the delivery reaches `status` (or any of `statuses`), failing early on a terminal other one.
    func waitForStatus(_ id: String, key: String, _ statuses: Set<String>, timeout: Duration) async throws {
        try await waitUntil("\(id) in \(statuses)", timeout: timeout, every: .milliseconds(250)) {
            let current = await status(id, key: key)
            if let current, ["completed", "cancelled", "failed"].contains(current), !statuses.contains(current) {
                let detail = try? await delivery(id, key: key)
                throw TestSupportError.timeout(
                    "\(id) ended \(current) instead of \(statuses): \(String(describing: detail))")
            }
            return current.map(statuses.contains) ?? false
        }
    }

    /// Opens `GET /deliveries/{id}/track` with `curl -N`; the SSE text accumulates in the returned log.
    func track(_ id: String, key: String, name: String) async throws -> ChildProcess {
        try await SSECurl.start(baseURL + "/v1/deliveries/\(id)/track", bearer: key, logFile: dir.file(name))
    }

    /// The JSON `data:` payloads of an SSE log.
    static func events(in text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("data:") else { return nil }
            let payload = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
            return (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any]
        }
    }
}
