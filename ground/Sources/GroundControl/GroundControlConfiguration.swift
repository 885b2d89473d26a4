import Foundation
import GroundCore
import GroundHTTP
import GroundLink

/// Everything ground-control needs to start, filled from flags and environment by the executable.
public struct GroundControlConfiguration: Sendable {
    public var httpHost: String
    public var httpPort: Int
    /// SQLite file path, or a `postgres://user:pass@host:port/db` URL for the shared PostgreSQL store.
    public var databasePath: String
    /// Broker connection, ingest and dispatcher settings; nil runs without a fleet (queued only).
    public var fleetLink: FleetLinkConfiguration?
    /// Operator key; nil disables operator routes.
    public var operatorKey: String?
    public var serviceArea: ServiceArea
    public var telemetryPolicy: TelemetryRetentionPolicy
    public var limits: DeliveryLimits
    public var sseHeartbeat: Duration
    /// Per-principal request rate and body size limits of the HTTP API.
    public var apiLimits: APILimits
    /// Header and idle timeouts and the per-address connection cap of the HTTP server.
    public var connectionLimits: HTTPConnectionLimits
    /// Folder of the browser pages (see ``WebRoot``); nil serves no pages.
    public var webRoot: String?

    public init(
        httpHost: String = "127.0.0.1", httpPort: Int = 8080, databasePath: String, fleetLink: FleetLinkConfiguration? = nil,
        operatorKey: String? = nil, serviceArea: ServiceArea = .unrestricted,
        telemetryPolicy: TelemetryRetentionPolicy = .default, limits: DeliveryLimits = .default,
        sseHeartbeat: Duration = .seconds(15), apiLimits: APILimits = .default,
        webRoot: String? = nil, connectionLimits: HTTPConnectionLimits = .default
    ) {
        self.connectionLimits = connectionLimits
        self.httpHost = httpHost
        self.httpPort = httpPort
        self.databasePath = databasePath
        self.fleetLink = fleetLink
        self.operatorKey = operatorKey
        self.serviceArea = serviceArea
        self.telemetryPolicy = telemetryPolicy
        self.limits = limits
        self.sseHeartbeat = sseHeartbeat
        self.apiLimits = apiLimits
        self.webRoot = webRoot
    }
}
