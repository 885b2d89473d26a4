import Foundation
import GroundCore
import GroundHTTP
import GroundLink
import GroundNotify
import GroundObservability
import GroundStore
import Hummingbird
import Logging
import MQTTClient
import NIOCore
import ServiceLifecycle

/// The assembled ground station: store, live fleet state, delivery service and HTTP API, run as one
/// ServiceLifecycle group (graceful shutdown on SIGTERM/SIGINT).
///
/// Adding a long-running component (MQTT ingest, scheduler rounds, retention job) is one line:
/// `app.services.append(myService)` before ``run()``.
package struct GroundControlApp: Sendable {
    package let configuration: GroundControlConfiguration
    package let store: any GroundStore
    package let fleet: FleetRegistry
    package let deliveries: DeliveryService
    /// The real dispatcher when a fleet link is configured (nil: deliveries stay queued).
    package let fleetDispatcher: MQTTDispatcher?
    package let metrics: GroundMetrics
    /// The scheduler leader election when the store is PostgreSQL (nil: SQLite, always leader).
    package let leaderLock: PostgresLeaderLock?
    package let api: GroundAPI
    /// Operator alerts; anything that notices trouble calls ``AlertCenter/raise(kind:subject:message:)``.
    package let alerts: AlertCenter
    /// The append-only audit log (``AuditLog/record(actor:action:subject:detail:)``).
    package let audit: AuditLog
    /// Delivery events waiting for webhook endpoints; the sender delivers them.
    package let webhookOutbox: WebhookOutbox
    package var logger: Logger
    /// Extra services run beside the HTTP server and stopped with it.
    package var services: [any Service] = []

    /// Opens the database, restores the fleet view from it and builds the API; with
    /// ``GroundControlConfiguration/fleetLink`` also the MQTT ingest and dispatcher.
    ///
    /// Restart safety needs nothing extra here: drones come back from the store (offline until their
    /// retained `state` arrives), deliveries in flight are read from the store by the ingest (ETA
    /// tracking) and by every dispatcher round (pending ones), and the broker session resumes.
    ///
    /// `fleet` is injectable so the registry can be shared; `dispatcher` overrides the fleet link
    /// (tests with a recording dispatcher).
    package init(
        configuration: GroundControlConfiguration, fleet: FleetRegistry = FleetRegistry(),
        dispatcher: (any Dispatcher)? = nil,
        analytics: (any AnalyticsSource)? = nil, logger: Logger = Logger(label: "skyrelay.ground")
    ) async throws {
        self.configuration = configuration
        self.logger = logger
        let location = try DatabaseLocation(configuration.databasePath)
        store = try await location.open(telemetryPolicy: configuration.telemetryPolicy, logger: logger)
        // Instances sharing PostgreSQL elect one scheduler leader; a SQLite instance is alone.
        var leaderLock: PostgresLeaderLock?
        if case let .postgres(settings) = location {
            leaderLock = PostgresLeaderLock(settings: settings, logger: logger)
        }
        self.leaderLock = leaderLock
        self.fleet = fleet
        try await Self.provision(configuration.provisionedDrones, in: store, logger: logger)
        let roster = DroneRoster(store: store)
        // A drone record left by a sender that is not (or no longer) registered never re-enters the live view.
        let active = try await roster.activeIDs()
        await fleet.restore(from: try await store.drones().filter { active.contains($0.id) })
        metrics = GroundMetrics()
        var link: (client: MQTTClient, dispatcher: MQTTDispatcher, settings: FleetLinkConfiguration)?
        if dispatcher == nil, var settings = configuration.fleetLink {
            // Requests outside the area are refused at validation; routes (drone → pickup → dropoff
            // → home) are held to it by the scheduler.
            settings.dispatcher.scheduler.serviceArea = configuration.serviceArea
            settings.dispatcher.planner.serviceArea = configuration.serviceArea
            settings.dispatcher.planner.depots = configuration.depots
            settings.dispatcher.planner.promiseRule = configuration.promisePolicy.rule
            settings.dispatcher.planner.holdsForPromise = configuration.promisePolicy.holdsLaunch
            let client = MQTTClient(configuration: settings.mqtt, logger: logger)
            link = (
                client,
                MQTTDispatcher(
                    client: client, fleet: fleet, store: store, configuration: settings.dispatcher, logger: logger,
                    leadership: leaderLock ?? SoleLeader(), metrics: metrics), settings
            )
        }
        let chosen: any Dispatcher = dispatcher ?? link?.dispatcher ?? QueueingDispatcher()
        fleetDispatcher = link?.dispatcher
        // Several instances (a share group): status changes made here go to the others' streams.
        var statusRelay: StatusRelay?
        if let link, link.settings.ingest.shareGroup != nil {
            statusRelay = StatusRelay(
                client: link.client, topics: link.settings.ingest.topics, metrics: metrics, logger: logger)
        }
        let raceMetrics = metrics
        alerts = AlertCenter(store: store, countOpen: { raceMetrics.setOpenAlerts($0) }, logger: logger)
        audit = AuditLog(store: store)
        // Several instances: alert changes made here go to the others' alert streams.
        var alertRelay: AlertRelay?
        if let link, link.settings.ingest.shareGroup != nil {
            let relay = AlertRelay(
                client: link.client, topics: link.settings.ingest.topics, metrics: metrics, logger: logger)
            await alerts.relay(to: relay)
            alertRelay = relay
        }
        // The leader's swap-list writes wake the depot swap streams here and, relayed, on the other instances.
        let swapSignal = SwapOrderSignal()
        var swapRelay: SwapRelay?
        if let link {
            await link.dispatcher.announceSwapChanges(on: swapSignal)
            if link.settings.ingest.shareGroup != nil {
                let relay = SwapRelay(
                    client: link.client, topics: link.settings.ingest.topics, metrics: metrics, logger: logger)
                await swapSignal.relay(to: relay)
                swapRelay = relay
            }
        }
        metrics.setOpenAlerts(try await store.unresolvedAlertCount())
        webhookOutbox = WebhookOutbox(
            store: store, countFailure: { raceMetrics.recordWebhookAttempt(outcome: "enqueue_failed") }, logger: logger)
        deliveries = DeliveryService(
            store: store, dispatcher: chosen, serviceArea: configuration.serviceArea,
            limits: configuration.limits, statusRelay: statusRelay,
            countRace: { raceMetrics.recordTransitionRace(outcome: $0) },
            notifier: DeliveryAlertWatch(alerts: alerts, logger: logger), outbox: webhookOutbox,
            logger: logger
        )
        var api = GroundAPI(
            store: store, deliveries: deliveries, fleet: fleet, dispatcher: chosen,
            authenticator: Authenticator(
                store: store, operatorCredential: OperatorCredential(key: configuration.operatorKey)),
            metrics: metrics, analytics: analytics, heartbeat: configuration.sseHeartbeat,
            limits: configuration.apiLimits, webRoot: configuration.webRoot, roster: roster, audit: audit,
            alerts: alerts,
            credentials: configuration.credentials, swapSignal: swapSignal,
            swapStreamResync: configuration.swapStreamResync
        )
        api.webMap = configuration.webMap
        api.maintenanceThresholds = configuration.maintenanceThresholds
        if let link {
            api.tunnels = MAVLinkTunnels(client: link.client, topics: link.settings.ingest.topics, logger: logger)
        }
        api.remoteIDOperator = configuration.remoteIDOperator
        api.depots = configuration.depots
        self.api = api
        services.append(TelemetryRetentionService(store: store, logger: logger))
        if let leaderLock { services.append(leaderLock) }
        var webhookSettings = configuration.webhooks
        if let pager = configuration.alertWebhook {
            webhookSettings.pager = WebhookSenderConfiguration.pagerEndpoint(url: pager.url, secret: pager.secret)
            await alerts.page(through: webhookOutbox)
        }
        services.append(
            WebhookSender(
                store: store, outbox: webhookOutbox, leadership: leaderLock ?? SoleLeader(), alerts: alerts,
                metrics: metrics, configuration: webhookSettings, logger: logger))
        services.append(
            MaintenanceWatch(
                store: store, alerts: alerts, thresholds: configuration.maintenanceThresholds,
                interval: configuration.maintenanceCheckInterval, logger: logger))
        services.append(
            FleetAlertWatch(
                fleet: fleet, alerts: alerts, metrics: metrics, interval: configuration.fleetAlertInterval,
                logger: logger))
        // Exported from the start: a lone instance leads at once, one sharing PostgreSQL once elected.
        metrics.setLeader(leaderLock == nil)
        services.append(LeaderGauge(leadership: leaderLock ?? SoleLeader(), metrics: metrics))
        if let link {
            services.append(DispatchEventFeed(deliveries: deliveries, logger: logger))
            services.append(
                FleetIngest(
                    client: link.client, configuration: link.settings.ingest, fleet: fleet, store: store,
                    deliveries: deliveries, dispatcher: link.dispatcher, metrics: metrics, roster: roster,
                    alerts: alerts, swaps: swapSignal, logger: logger))
            services.append(link.dispatcher)
        }
        if let statusRelay { services.append(statusRelay) }
        if let alertRelay { services.append(alertRelay) }
        if let swapRelay { services.append(swapRelay) }
    }

    /// The Hummingbird application with every extra service attached.
    package func makeApplication(
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let limits = configuration.connectionLimits
        let counter = ConnectionCounter(limit: limits.maxConnectionsPerAddress)
        let proxies = configuration.apiLimits.trustedProxies
        let (metrics, logger) = (self.metrics, self.logger)
        let idle = limits.idleTimeout.components
        var app = Application(
            responder: api.makeResponder(),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [
                        ConnectionGuardHandler(
                            limits: limits, counter: counter, exempt: { proxies.trusts($0) }, metrics: metrics,
                            logger: logger)
                    ],
                    idleTimeout: .nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000))),
            configuration: .init(
                address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "skyrelay-ground",
                backlog: limits.listenBacklog),
            onServerRunning: onServerRunning,
            logger: logger
        )
        for service in services { app.addServices(service) }
        return app
    }

    /// Serves until SIGTERM/SIGINT, then drains connections and stops every service.
    package func run() async throws {
        let port = configuration.httpPort
        let logger = self.logger
        Self.raiseOpenFileLimit(logger: logger)
        try await makeApplication { channel in
            logger.info("ground-control listening", metadata: ["port": "\(channel.localAddress?.port ?? port)"])
        }.runService()
    }

    /// Every open connection (each live SSE stream) holds a file descriptor: the soft limit goes up to
    /// the hard one, and both are logged so a refused accept can be told from a slow one.
    static func raiseOpenFileLimit(logger: Logger) {
        do {
            let (before, after) = try OpenFileLimit.raiseToHard()
            logger.info(
                "open-file limit",
                metadata: ["soft": "\(after.soft)", "hard": "\(after.hard)", "softAtStart": "\(before.soft)"])
            if after.soft < 16_384 {
                logger.warning(
                    "open-file limit allows fewer than 16384 connections; raise LimitNOFILE (systemd) or ulimit -Hn",
                    metadata: ["soft": "\(after.soft)", "hard": "\(after.hard)"])
            }
        } catch {
            logger.warning("open-file limit not raised", metadata: ["error": "\(error)"])
        }
    }
}
