import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One real ground-control process of a scale-out test and its HTTP address.
struct ScaleOutInstance: Sendable {
    static let operatorKey = "scale-out-operator"

    let name: String
    let process: ChildProcess
    let baseURL: String
    let dir: TemporaryDirectory

    /// Starts `ground-control` in share group `ground` on `database`, with `extraArguments` after the
    /// common ones, and waits for `/health`.
    static func start(
        _ name: String, database: String, broker: MosquittoBroker, dir: TemporaryDirectory,
        extraArguments: [String] = []
    ) async throws -> ScaleOutInstance {
        let port = try FreePort.next()
        let process = ChildProcess(
            executable: try ChildProcess.product("ground-control"),
            arguments: [
                "--http-port", String(port), "--mqtt-url", await broker.url, "--instance-id", name,
                "--share-group", "ground", "--scheduler-interval", "0.5", "--telemetry-interval", "0",
                "--sse-heartbeat", "1",
            ] + extraArguments,
            environment: ["SKYRELAY_OPERATOR_KEY": operatorKey, "DATABASE_URL": database],
            logFile: dir.file("\(name).log"))
        try await process.start()
        let instance = ScaleOutInstance(name: name, process: process, baseURL: "http://127.0.0.1:\(port)", dir: dir)
        try await waitUntil("\(name) answering", timeout: .seconds(30)) {
            if await !process.isRunning {
                throw TestSupportError.processFailed(name, status: await process.exitStatus ?? -1, log: process.log())
            }
            return (try? await instance.request("GET", "/health", key: nil).0) == 200
        }
        return instance
    }

    func request(_ method: String, _ path: String, key: String?, body: [String: Any]? = nil) async throws -> (
        Int, [String: Any]
    ) {
        var request = URLRequest(url: try #require(URL(string: baseURL + path)))
        request.httpMethod = method
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }

    func text(_ path: String) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: baseURL + path)))
        return String(decoding: data, as: UTF8.self)
    }

    func status(_ id: String, key: String) async -> String? {
        (try? await request("GET", "/v1/deliveries/\(id)", key: key).1["status"]) as? String
    }

    /// `GET /v1/fleet` as this instance answers it: drone id → its JSON object.
    func fleet() async throws -> [String: NSDictionary] {
        let drones = try await request("GET", "/v1/fleet", key: Self.operatorKey).1["drones"] as? [[String: Any]] ?? []
        var byID: [String: NSDictionary] = [:]
        for drone in drones {
            if let id = drone["droneID"] as? String ?? drone["droneId"] as? String { byID[id] = drone as NSDictionary }
        }
        return byID
    }

    /// Telemetry messages this instance handled, from its Prometheus metrics.
    func telemetryHandled() async throws -> Int {
        try await counter("skyrelay_ingest_messages_total{kind=\"telemetry\"}")
    }

    func counter(_ series: String) async throws -> Int {
        let metrics = try await text("/metrics")
        let line = metrics.split(separator: "\n").first { $0.hasPrefix(series) }
        return line.flatMap { $0.split(separator: " ").last.flatMap { Double($0) } }.map { Int($0) } ?? 0
    }

    /// Opens `GET /deliveries/{id}/track` with `curl -N` (an independent SSE client); the text lands in its log.
    func track(_ id: String, key: String) async throws -> ChildProcess {
        try await SSECurl.start(
            baseURL + "/v1/deliveries/\(id)/track", bearer: key, logFile: dir.file("\(name)-track-\(id).sse"))
    }

    /// Leading by its own log: more terms started than ended.
    var isLeader: Bool {
        let log = process.log()
        return log.components(separatedBy: "became scheduler leader").count
            > log.components(separatedBy: "no longer scheduler leader").count
    }
}
