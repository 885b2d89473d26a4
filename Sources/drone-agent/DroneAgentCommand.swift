import ArgumentParser
import DroneAgent
import Logging
import ServiceLifecycle

/// `drone-agent`: the companion-computer agent of one SkyRelay drone.
@main
struct DroneAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drone-agent",
        abstract: "SkyRelay drone agent: bridges the flight controller (MAVLink) and ground control (MQTT).",
        discussion: """
            Reads a YAML config file (see deploy/agent/agent.yaml); flags override single fields. \
            SIGTERM/SIGINT shut down cleanly: the event outbox is flushed for a few seconds, whatever \
            is left stays in <data-dir>/agent.sqlite and is sent after the next start.             `drone-agent outbox --config FILE` prints what that file holds instead of starting.
            """,
        subcommands: [OutboxCommand.self]
    )

    @Option(name: .shortAndLong, help: "YAML configuration file.")
    var config: String?

    @Option(help: "Drone id (MQTT client id and username).")
    var droneID: String?

    @Option(help: "MQTT broker host.")
    var mqttHost: String?

    @Option(help: "MQTT broker port.")
    var mqttPort: Int?

    @Option(help: "File with the MQTT password.")
    var mqttPasswordFile: String?

    @Option(help: "Autopilot link: udp://:14540, udpout://host:port or serial:///dev/ttyACM0:921600.")
    var mavlink: String?

    @Option(help: "Directory for the agent's SQLite file.")
    var dataDir: String?

    @Option(help: "Telemetry rate in Hz (default 2).")
    var telemetryRate: Double?

    @Option(help: "Seconds without ground link before returning home (before pickup).")
    var linkLossTimeout: Double?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    mutating func run() async throws {
        var configuration: AgentConfiguration
        if let config {
            configuration = try AgentConfiguration.load(path: config)
        } else if let droneID {
            configuration = AgentConfiguration(droneID: droneID)
        } else {
            throw ValidationError("give --config <file> or at least --drone-id")
        }
        if let droneID { configuration.droneID = droneID }
        if let mqttHost { configuration.mqtt.host = mqttHost }
        if let mqttPort { configuration.mqtt.port = mqttPort }
        if let mqttPasswordFile { configuration.mqtt.passwordFile = mqttPasswordFile }
        if let mavlink { configuration.mavlinkURL = mavlink }
        if let dataDir { configuration.dataDirectory = dataDir }
        if let telemetryRate { configuration.telemetryRateHz = telemetryRate }
        if let linkLossTimeout { configuration.linkLossReturnSeconds = linkLossTimeout }
        if let logLevel { configuration.logLevel = logLevel }
        try configuration.validate()

        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        let droneID = configuration.droneID
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            handler.metadata = ["drone": "\(droneID)"]
            return handler
        }
        let logger = Logger(label: "skyrelay.agent")
        let service = try AgentService(configuration: configuration, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
