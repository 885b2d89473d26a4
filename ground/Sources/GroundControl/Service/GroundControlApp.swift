import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The assembled ground station: store, live fleet state, delivery service and HTTP API, run as one
/// ServiceLifecycle group (graceful shutdown on SIGTERM/SIGINT).
///
/// Adding a long-running component (MQTT ingest, scheduler rounds, retention job) is one line:
/// `app.services.append(myService)` before ``run()``.
public struct GroundControlApp: Sendable {
    public let configuration: GroundControlConfiguration
    public let store: SQLiteGroundStore
    public let fleet: FleetRegistry
    public let deliveries: DeliveryService
    public let metrics: GroundMetrics
    public let api: GroundAPI
    public var logger: Logger
    /// Extra services run beside the HTTP server and stopped with it.
    public var services: [any Service] = []

    /// Opens the database, restores the fleet view from it and builds the API.
    ///
    /// `fleet` is injectable so a dispatcher built before the app (it needs live drone states to
    /// choose from) can share the registry the API shows.
    public init(
        configuration: GroundControlConfiguration, fleet: FleetRegistry = FleetRegistry(),
        dispatcher: any Dispatcher = QueueingDispatcher(),
        analytics: (any AnalyticsSource)? = nil, logger: Logger = Logger(label: "skyrelay.ground")
    ) async throws {
        self.configuration = configuration
        self.logger = logger
        store = try SQLiteGroundStore(path: configuration.databasePath, telemetryPolicy: configuration.telemetryPolicy)
        self.fleet = fleet
        await fleet.restore(from: try await store.drones())
        metrics = GroundMetrics()
        deliveries = DeliveryService(
            store: store, dispatcher: dispatcher, serviceArea: configuration.serviceArea,
            limits: configuration.limits, logger: logger
        )
        api = GroundAPI(
            store: store, deliveries: deliveries, fleet: fleet, dispatcher: dispatcher,
            authenticator: Authenticator(store: store, operatorCredential: OperatorCredential(key: configuration.operatorKey)),
            metrics: metrics, analytics: analytics, heartbeat: configuration.sseHeartbeat
        )
        services.append(TelemetryRetentionService(store: store, logger: logger))
    }

    /// The Hummingbird application with every extra service attached.
    public func makeApplication(
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var app = Application(
            router: api.makeRouter(),
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "skyrelay-ground"),
            onServerRunning: onServerRunning,
            logger: logger
        )
        for service in services { app.addServices(service) }
        return app
    }

    /// Serves until SIGTERM/SIGINT, then drains connections and stops every service.
    public func run() async throws {
        let port = configuration.httpPort
        let logger = self.logger
        try await makeApplication { channel in
            logger.info("ground-control listening", metadata: ["port": "\(channel.localAddress?.port ?? port)"])
        }.runService()
    }
}
