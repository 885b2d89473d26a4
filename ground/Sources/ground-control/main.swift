import ArgumentParser
import Foundation
import GroundControl
import Logging

/// ground-control: the SkyRelay ground station (HTTP API, fleet state, delivery lifecycle).
@main
struct GroundControlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ground-control",
        abstract: "SkyRelay ground control: delivery API, fleet state and tracking."
    )

    @Option(name: .long, help: "Address to listen on.")
    var httpHost = "127.0.0.1"

    @Option(name: .long, help: "HTTP port (0 picks a free one).")
    var httpPort = 8080

    @Option(name: .long, help: "SQLite database file (created if missing).")
    var database = "ground.sqlite"

    @Option(name: .long, help: "MQTT broker URL, e.g. mqtt://127.0.0.1:1883 (env SKYRELAY_MQTT_URL).")
    var mqttURL: String?

    @Option(name: .long, help: "Operator API key (env SKYRELAY_OPERATOR_KEY; prefer the environment).")
    var operatorKey: String?

    @Option(name: .long, help: "GeoJSON file with the service area polygon(s).")
    var serviceArea: String?

    @Option(name: .long, help: "Keep one telemetry sample per drone per this many seconds.")
    var telemetryInterval: Double = 5

    @Option(name: .long, help: "Delete telemetry older than this many days.")
    var telemetryRetentionDays: Double = 30

    @Option(name: .long, help: "Seconds between SSE heartbeat comments.")
    var sseHeartbeat: Double = 15

    @Option(name: .long, help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard (0...65535).contains(httpPort) else { throw ValidationError("--http-port must be 0...65535") }
        guard telemetryInterval >= 0 else { throw ValidationError("--telemetry-interval must be >= 0") }
        guard telemetryRetentionDays > 0 else { throw ValidationError("--telemetry-retention-days must be > 0") }
        guard sseHeartbeat > 0 else { throw ValidationError("--sse-heartbeat must be > 0") }
    }

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        var logger = Logger(label: "skyrelay.ground")
        logger.logLevel = logLevel
        var area = ServiceArea.unrestricted
        if let path = serviceArea {
            do { area = try ServiceArea(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw ValidationError("--service-area: \(error)")
            }
        }
        let operatorKey = self.operatorKey ?? env["SKYRELAY_OPERATOR_KEY"]
        if operatorKey == nil { logger.warning("no operator key configured: operator routes will answer 403") }
        let configuration = GroundControlConfiguration(
            httpHost: httpHost, httpPort: httpPort, databasePath: database,
            mqttURL: mqttURL ?? env["SKYRELAY_MQTT_URL"], operatorKey: operatorKey, serviceArea: area,
            telemetryPolicy: TelemetryRetentionPolicy(sampleInterval: telemetryInterval, retention: telemetryRetentionDays * 86_400),
            sseHeartbeat: .milliseconds(Int(sseHeartbeat * 1000))
        )
        let app = try await GroundControlApp(configuration: configuration, logger: logger)
        try await app.run()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
