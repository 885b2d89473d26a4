import Foundation
import GroundCore
import GroundHTTP
import GroundLink
import GroundNotify

/// Everything ground-control needs to start, filled from flags and environment by the executable.
package struct GroundControlConfiguration: Sendable {
    package var httpHost: String
    package var httpPort: Int
    /// SQLite file path, or a `postgres://user:pass@host:port/db` URL for the shared PostgreSQL store.
    package var databasePath: String
    /// Broker connection, ingest and dispatcher settings; nil runs without a fleet (queued only).
    package var fleetLink: FleetLinkConfiguration?
    /// Operator key; nil disables operator routes.
    package var operatorKey: String?
    package var serviceArea: ServiceArea
    package var telemetryPolicy: TelemetryRetentionPolicy
    package var limits: DeliveryLimits
    package var sseHeartbeat: Duration
    /// Per-principal request rate and body size limits of the HTTP API.
    package var apiLimits: APILimits
    /// Header and idle timeouts and the per-address connection cap of the HTTP server.
    package var connectionLimits: HTTPConnectionLimits
    /// Folder of the browser pages (see ``WebRoot``); nil serves no pages.
    package var webRoot: String?
    /// Tiles and Leaflet for the pages' map.
    package var webMap: WebMap = .vectorOnly
    /// Drones registered at start if not yet in the registry (a fixed fleet's provisioning); a
    /// retired one stays retired.
    package var provisionedDrones: [String]
    /// Operator id and location for the network Remote ID feed (`GET /v1/remote-id`).
    package var remoteIDOperator: RemoteIDOperator?
    /// Webhook retries, timeouts and the failing-endpoint alert threshold.
    package var webhooks: WebhookSenderConfiguration = .default
    /// The operator pager: every new alert is enqueued with it in the webhook outbox and POSTed there,
    /// signed with the secret (nil: no pager).
    package var alertWebhook: (url: String, secret: String)?
    /// How often the fleet is looked at for drones offline in flight.
    package var fleetAlertInterval: Duration = .seconds(1)
    /// Grace of a rotated business key and lifetime of tracking links after a delivery ends.
    package var credentials: CredentialPolicy = .default
    /// Wear after which a drone is reported due for service.
    package var maintenanceThresholds: MaintenanceThresholds = .default
    /// How often every drone's wear is measured against the thresholds (a `maintenanceDue` alert).
    package var maintenanceCheckInterval: Duration = .seconds(600)
    /// Depots with charging pads or battery swaps (`--depots-file`), which the day planner recharges at.
    package var depots: [Depot] = []
    /// Longest time a depot swap stream goes without reading its list (`--swap-stream-resync`): the safety
    /// net for a change announcement the relay lost; changes themselves are pushed at once.
    package var swapStreamResync: Duration = .seconds(30)
    /// How the day planner treats a delivery's first quoted ETA (`--promise-rule`, `--promise-hold`).
    package var promisePolicy = PromisePolicy()

    package init(
        httpHost: String = "127.0.0.1", httpPort: Int = 8080, databasePath: String,
        fleetLink: FleetLinkConfiguration? = nil,
        operatorKey: String? = nil, serviceArea: ServiceArea = .unrestricted,
        telemetryPolicy: TelemetryRetentionPolicy = .default, limits: DeliveryLimits = .default,
        sseHeartbeat: Duration = .seconds(15), apiLimits: APILimits = .default,
        webRoot: String? = nil, connectionLimits: HTTPConnectionLimits = .default, provisionedDrones: [String] = []
    ) {
        self.provisionedDrones = provisionedDrones
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
