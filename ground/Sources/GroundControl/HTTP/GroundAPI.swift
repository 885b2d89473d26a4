import Foundation
import Hummingbird

/// The HTTP API: its dependencies and the router that serves it.
public struct GroundAPI: Sendable {
    public var store: any GroundStore
    public var deliveries: DeliveryService
    public var fleet: FleetRegistry
    public var dispatcher: any Dispatcher
    public var authenticator: Authenticator
    public var metrics: GroundMetrics
    public var analytics: any AnalyticsSource
    /// Interval of SSE heartbeat comments keeping proxies from closing an idle tracking stream.
    public var heartbeat: Duration

    public init(
        store: any GroundStore, deliveries: DeliveryService, fleet: FleetRegistry, dispatcher: any Dispatcher,
        authenticator: Authenticator, metrics: GroundMetrics, analytics: (any AnalyticsSource)? = nil,
        heartbeat: Duration = .seconds(15)
    ) {
        self.store = store
        self.deliveries = deliveries
        self.fleet = fleet
        self.dispatcher = dispatcher
        self.authenticator = authenticator
        self.metrics = metrics
        self.analytics = analytics ?? StoreAnalytics(store: store)
        self.heartbeat = heartbeat
    }

    /// Every route of the API, behind the error and auth middleware.
    public func makeRouter() -> Router<GroundRequestContext> {
        let router = Router(context: GroundRequestContext.self)
        router.add(middleware: APIErrorMiddleware(metrics: metrics))
        router.add(middleware: AuthMiddleware(authenticator: authenticator))
        addSystemRoutes(to: router)
        let v1 = router.group("v1")
        addBusinessRoutes(to: v1)
        addDeliveryRoutes(to: v1)
        addTrackingRoute(to: v1)
        addFleetRoutes(to: v1)
        addAnalyticsRoute(to: v1)
        return router
    }
}
