import Foundation
import GroundCore
import GroundObservability
import Hummingbird

/// The HTTP API: its dependencies and the router that serves it.
package struct GroundAPI: Sendable {
    package var store: any GroundStore
    package var deliveries: DeliveryService
    package var fleet: FleetRegistry
    package var dispatcher: any Dispatcher
    package var authenticator: Authenticator
    package var metrics: GroundMetrics
    package var analytics: any AnalyticsSource
    /// Interval of SSE heartbeat comments keeping proxies from closing an idle tracking stream.
    package let heartbeat: Duration
    /// Per-principal rate and body size limits.
    package var limits: APILimits
    /// Folder of the browser pages served under `/ui`; nil serves none.
    package var webRoot: String?
    /// Tiles and Leaflet for the pages' map (only with `webRoot`).
    package var webMap: WebMap = .vectorOnly
    /// Least time between two looks of the fleet streams at the registry (they look when it changed).
    package let fleetStreamInterval: Duration
    /// The open `/track` streams, fed each update's bytes encoded once.
    package let trackingFanout: TrackingFanout
    /// The open fleet streams, fed each changed drone's bytes encoded once.
    package let fleetStream: FleetStreamFanout
    /// The drone registry's cached view, shared with the ingest so a register or retire here is seen there at once.
    package var roster: DroneRoster
    /// Operator id and location reported in the network Remote ID feed; nil reports none.
    package var remoteIDOperator: RemoteIDOperator?
    /// The append-only audit log every operator action is recorded in.
    package var audit: AuditLog
    /// Operator alerts: listed, acknowledged, resolved and streamed here.
    package var alerts: AlertCenter
    /// Grace of a rotated business key and lifetime of tracking links after a delivery ends.
    package var credentials: CredentialPolicy
    /// Flight hours and battery cycles after which a drone is reported due for service.
    package var maintenanceThresholds: MaintenanceThresholds = .default
    /// The depots of `--depots-file`: their swap lists are served under `/v1/depots`.
    package var depots: [Depot] = []
    /// The open depot swap streams, woken by the swap signal and fed each depot's list read once.
    package var swapFanout: DepotSwapFanout
    /// Remote MAVLink sessions to drones; nil without a fleet link (the route then answers 503).
    package var tunnels: (any MAVLinkTunnelOpening)?

    package init(
        store: any GroundStore, deliveries: DeliveryService, fleet: FleetRegistry, dispatcher: any Dispatcher,
        authenticator: Authenticator, metrics: GroundMetrics, analytics: (any AnalyticsSource)? = nil,
        heartbeat: Duration = .seconds(15), limits: APILimits = .default, webRoot: String? = nil,
        fleetStreamInterval: Duration = .milliseconds(25), roster: DroneRoster? = nil,
        audit: AuditLog? = nil, alerts: AlertCenter? = nil, credentials: CredentialPolicy = .default,
        swapSignal: SwapOrderSignal = SwapOrderSignal(), swapStreamResync: Duration = .seconds(30)
    ) {
        self.credentials = credentials
        self.roster = roster ?? DroneRoster(store: store)
        self.audit = audit ?? AuditLog(store: store)
        self.alerts = alerts ?? AlertCenter(store: store)
        self.store = store
        self.deliveries = deliveries
        self.fleet = fleet
        self.dispatcher = dispatcher
        self.authenticator = authenticator
        self.metrics = metrics
        self.analytics = analytics ?? StoreAnalytics(store: store)
        self.heartbeat = heartbeat
        self.limits = limits
        self.webRoot = webRoot
        self.fleetStreamInterval = fleetStreamInterval
        trackingFanout = TrackingFanout(hub: deliveries.tracking, heartbeat: heartbeat)
        fleetStream = FleetStreamFanout(fleet: fleet, interval: fleetStreamInterval, heartbeat: heartbeat)
        swapFanout = DepotSwapFanout(
            store: store, signal: swapSignal, heartbeat: heartbeat, resync: swapStreamResync)
    }

    /// Every route of the API, behind the error, auth, rate limit and body size middleware.
    ///
    /// Each router has its own rate limiter, so its buckets live as long as the server using it.
    package func makeRouter() -> Router<GroundRequestContext> {
        let router = Router(context: GroundRequestContext.self)
        router.add(middleware: APIErrorMiddleware(metrics: metrics))
        router.add(middleware: PathSafetyMiddleware())
        router.add(middleware: ClientAddressMiddleware(proxies: limits.trustedProxies))
        router.add(middleware: MethodNotAllowedMiddleware(table: routeMethodTable()))
        addWebMiddleware(to: router)
        let rateLimit = RateLimitMiddleware(
            limiter: RateLimiter(requestsPerSecond: limits.requestsPerSecond, burst: limits.burst), metrics: metrics)
        router.add(middleware: AuthMiddleware(authenticator: authenticator, unknownKeyLimit: rateLimit))
        router.add(middleware: rateLimit)
        router.add(middleware: BodyLimitMiddleware(maxBodyBytes: limits.maxBodyBytes))
        addRoutes(to: router)
        return router
    }

    /// The router's responder as served: each request in a child task of its connection's task
    /// (``RequestTaskResponder``).
    package func makeResponder() -> RequestTaskResponder<RouterResponder<GroundRequestContext>> {
        RequestTaskResponder(makeRouter().buildResponder())
    }

    /// The methods of every routed path, read from a router holding the same routes as the served one
    /// (the served router's middleware must exist before its routes do).
    func routeMethodTable() -> RouteMethodTable {
        let router = Router(context: GroundRequestContext.self)
        addRoutes(to: router)
        return RouteMethodTable(router.routes.map { ($0.path, $0.method) })
    }

    private func addRoutes(to router: Router<GroundRequestContext>) {
        addSystemRoutes(to: router)
        addWebRedirects(to: router)
        let v1 = router.group("v1")
        addBusinessRoutes(to: v1)
        addKeyRotationRoute(to: v1)
        addDroneRegistryRoutes(to: v1)
        addMaintenanceRoutes(to: v1)
        addDeliveryRoutes(to: v1)
        addRescheduleRoute(to: v1)
        addFlightRoute(to: v1)
        addTrackingRoute(to: v1)
        addFleetStreamRoute(to: v1)
        addFleetRoutes(to: v1)
        addHistoryRoutes(to: v1)
        addProofRoutes(to: v1)
        addMAVLinkSessionRoutes(to: v1)
        addServiceAreaRoute(to: v1)
        addZoneRoutes(to: v1)
        addWeatherHoldRoutes(to: v1)
        addDepotRoutes(to: v1)
        addRemoteIDRoute(to: v1)
        addAnalyticsRoute(to: v1)
        addOperatorRoutes(to: v1)
        addAuditRoute(to: v1)
        addAlertRoutes(to: v1)
        addWebhookRoutes(to: v1)
    }
}
