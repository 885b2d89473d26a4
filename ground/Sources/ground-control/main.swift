import ArgumentParser
import Foundation
import GroundControl
import GroundCore
import GroundHTTP
import GroundLink
import GroundNotify
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

    @Option(
        name: .long,
        help:
            "SQLite database file (created if missing), or postgres://user:pass@host:port/db to share PostgreSQL between instances (env DATABASE_URL; default ground.sqlite)."
    )
    var database: String?

    @Option(
        name: .long,
        help: "MQTT broker URL, e.g. mqtt://127.0.0.1:1883 or mqtts://user:password@host:8884 (env SKYRELAY_MQTT_URL).")
    var mqttURL: String?

    @Option(name: .long, help: "MQTT username (env SKYRELAY_MQTT_USERNAME).")
    var mqttUsername: String?

    @Option(name: .long, help: "MQTT password (env SKYRELAY_MQTT_PASSWORD; prefer the environment).")
    var mqttPassword: String?

    @Option(name: .long, help: "CA certificate (PEM) to verify an mqtts:// broker (env SKYRELAY_MQTT_CA_FILE).")
    var mqttCa: String?

    @Option(name: .long, help: "Topic prefix of the fleet (<prefix>/drones/<id>/...).")
    var prefix = "skyrelay"

    @Option(name: .long, help: "Instance id: the MQTT client id is ground-<instance-id> (persistent session).")
    var instanceID = "main"

    @Option(
        name: .long,
        help: "MQTT v5 shared-subscription group for telemetry ($share/<group>/...), for several instances.")
    var shareGroup: String?

    @Option(name: .long, help: "Seconds between periodic scheduler rounds (rounds also run on every fleet change).")
    var schedulerInterval: Double = 3

    @Option(name: .long, help: "Seconds a drone has to answer an assign before it counts as a rejection.")
    var replyTimeout: Double = 5

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

    @Option(name: .long, help: "Seconds a business key replaced by a rotation keeps working.")
    var keyRotationGrace: Double = 86_400

    @Option(name: .long, help: "Seconds a tracking link keeps opening its delivery after the delivery ended.")
    var trackingTokenTtl: Double = 604_800

    @Option(name: .long, help: "Flight hours since the last service after which a drone is due for service.")
    var serviceAfterHours: Double = MaintenanceThresholds.default.flightHours

    @Option(name: .long, help: "Battery cycles since the last service after which a drone is due for service.")
    var serviceAfterCycles: Double = MaintenanceThresholds.default.batteryCycles

    @Option(
        name: .long,
        help:
            "Sustained HTTP requests per second allowed per API key (or per client address without one); above it 429.")
    var rateLimit: Double = APILimits.default.requestsPerSecond

    @Option(name: .long, help: "Requests per API key (or client address) allowed in a burst above --rate-limit.")
    var rateBurst: Int = APILimits.default.burst

    @Option(name: .long, help: "Largest HTTP request body in bytes; larger ones get 413.")
    var maxBodyBytes: Int = APILimits.default.maxBodyBytes

    @Option(
        name: .long, parsing: .upToNextOption,
        help:
            "Reverse proxies (CIDR blocks, e.g. 10.0.0.0/8 ::1) whose forwarded-client header is believed for requests they pass on; the rightmost address not trusted is the client."
    )
    var trustedProxy: [String] = []

    @Option(
        name: .long,
        help: "Header the trusted proxies write the client's address in: x-forwarded-for or forwarded (RFC 7239).")
    var forwardedHeader: String = TrustedProxies.Header.xForwardedFor.rawValue

    @Option(
        name: .long,
        help: "Seconds a new HTTP connection has to complete its first request's headers before it is closed.")
    var httpHeaderTimeout: Double = 10

    @Option(
        name: .long,
        help: "Seconds an HTTP connection may stay idle (no request, or a request stalled mid-way) before it is closed."
    )
    var httpIdleTimeout: Double = 30

    @Option(
        name: .long,
        help: "Open HTTP connections allowed per client address (trusted proxies exempt); more are closed at accept.")
    var maxConnectionsPerAddress: Int = HTTPConnectionLimits.default.maxConnectionsPerAddress

    @Option(name: .long, help: "Connections the kernel queues before they are accepted (capped by net.core.somaxconn).")
    var listenBacklog: Int = HTTPConnectionLimits.default.listenBacklog

    @Option(
        name: .long,
        help:
            "Folder of the browser pages served under /ui (env SKYRELAY_WEB_ROOT; default: ../share/skyrelay/web next to the executable, else the source tree's ground/Web)."
    )
    var webRoot: String?

    @Option(
        name: .long,
        help:
            "File of drone ids, one per line (# comments), registered at start if not registered yet; the fleet of drones ground believes is the registry (also POST /v1/drones)."
    )
    var dronesFile: String?

    @Option(
        name: .long,
        help:
            "JSON file of depots the planner recharges drones at: {\"depots\":[{\"depotId\",\"lat\",\"lon\",\"pads\",\"chargePowerW\",\"swapSeconds\",\"mode\":\"charge\"|\"swap\"}]} (the format firmware-sim reads)."
    )
    var depotsFile: String?

    @Option(
        name: .long,
        help:
            "Seconds between a depot swap stream's safety re-reads of its list; the stream is pushed each change the scheduler leader announces, this only catches one whose announcement was lost."
    )
    var swapStreamResync: Double = 30

    @Option(
        name: .long,
        help:
            "Where promised deliveries go among new bookings in the plan: none (the booking order: slot, express, due time), beforeLaterDue (each promise before every new booking due later), first (every promise before any new booking)."
    )
    var promiseRule: String = DayPlanner.PromiseRule.none.rawValue

    @Flag(
        name: .long,
        help:
            "Hold a promised delivery's launch so that it lands on its first quoted ETA rather than before it (never past its window or deadline); by default a drone free early flies at once."
    )
    var promiseHold = false

    @Flag(name: .long, help: "Serve no browser pages.")
    var noWebUi = false

    @Option(
        name: .long,
        help:
            "Tile URL template of the pages' street map ({z}/{x}/{y}, optional {s}; env SKYRELAY_MAP_TILES; 'none' draws the vector map only)."
    )
    var mapTiles: String?

    @Option(
        name: .long,
        help: "Credit shown on the map for its tiles (env SKYRELAY_MAP_ATTRIBUTION; default for OpenStreetMap's tiles)."
    )
    var mapAttribution: String?

    @Option(
        name: .long,
        help:
            "Folder with Leaflet's leaflet.js, served under /ui/leaflet (env SKYRELAY_LEAFLET_ROOT; default: Debian's libjs-leaflet, \(WebMap.debianLeaflet))."
    )
    var leafletRoot: String?

    @Option(name: .long, help: "Operator id reported in the network Remote ID feed (GET /v1/remote-id).")
    var remoteIdOperator: String?

    @Option(name: .long, help: "Operator (control station) location for the Remote ID feed, as LAT,LON.")
    var remoteIdOperatorLocation: String?
    @Option(
        name: .long,
        help:
            "Operator pager: every new alert is POSTed to this URL through the durable webhook outbox, signed and retried like webhooks."
    )
    var alertWebhook: String?

    @Option(
        name: .long,
        help: "Signing secret of --alert-webhook (env SKYRELAY_ALERT_WEBHOOK_SECRET; prefer the environment).")
    var alertWebhookSecret: String?

    @Option(name: .long, help: "Seconds a webhook receiver has to answer before the attempt counts as failed.")
    var webhookTimeout: Double = 10

    @Option(name: .long, help: "Seconds before the first webhook retry; doubled after each failure.")
    var webhookRetryInitial: Double = 10

    @Option(name: .long, help: "Longest wait between two webhook retries, in seconds.")
    var webhookRetryMax: Double = 3600

    @Option(name: .long, help: "Seconds after the event when a webhook still failing is given up.")
    var webhookRetryPeriod: Double = 86_400

    @Option(name: .long, help: "Seconds between looks at the webhook outbox when no new event arrived.")
    var webhookPollInterval: Double = 1

    @Option(name: .long, help: "An endpoint failing more attempts in a row than this opens an alert.")
    var webhookFailureAlert: Int = 5

    @Option(name: .long, help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard (0...65535).contains(httpPort) else { throw ValidationError("--http-port must be 0...65535") }
        guard telemetryInterval >= 0 else { throw ValidationError("--telemetry-interval must be >= 0") }
        guard telemetryRetentionDays > 0 else { throw ValidationError("--telemetry-retention-days must be > 0") }
        guard sseHeartbeat > 0 else { throw ValidationError("--sse-heartbeat must be > 0") }
        guard swapStreamResync >= 1, swapStreamResync.isFinite else {
            throw ValidationError("--swap-stream-resync must be >= 1")
        }
        guard keyRotationGrace >= 0, keyRotationGrace.isFinite else {
            throw ValidationError("--key-rotation-grace must be >= 0")
        }
        guard trackingTokenTtl > 0, trackingTokenTtl.isFinite else {
            throw ValidationError("--tracking-token-ttl must be > 0")
        }
        guard serviceAfterHours > 0, serviceAfterHours.isFinite else {
            throw ValidationError("--service-after-hours must be > 0")
        }
        guard serviceAfterCycles > 0, serviceAfterCycles.isFinite else {
            throw ValidationError("--service-after-cycles must be > 0")
        }
        guard schedulerInterval > 0 else { throw ValidationError("--scheduler-interval must be > 0") }
        _ = try planningPromiseRule()
        guard replyTimeout > 0 else { throw ValidationError("--reply-timeout must be > 0") }
        guard rateLimit > 0, rateLimit.isFinite else { throw ValidationError("--rate-limit must be > 0") }
        guard rateBurst >= 1 else { throw ValidationError("--rate-burst must be >= 1") }
        guard maxBodyBytes >= 1 else { throw ValidationError("--max-body-bytes must be >= 1") }
        if let mapTiles, mapTiles != "none" { try Self.validateTiles(mapTiles) }
        _ = try trustedProxies()
        guard httpHeaderTimeout > 0, httpHeaderTimeout.isFinite else {
            throw ValidationError("--http-header-timeout must be > 0")
        }
        guard httpIdleTimeout > 0, httpIdleTimeout.isFinite else {
            throw ValidationError("--http-idle-timeout must be > 0")
        }
        guard maxConnectionsPerAddress >= 1 else { throw ValidationError("--max-connections-per-address must be >= 1") }
        guard listenBacklog >= 1 else { throw ValidationError("--listen-backlog must be >= 1") }
        for (name, value) in [
            ("--webhook-timeout", webhookTimeout), ("--webhook-retry-initial", webhookRetryInitial),
            ("--webhook-retry-max", webhookRetryMax), ("--webhook-retry-period", webhookRetryPeriod),
            ("--webhook-poll-interval", webhookPollInterval),
        ] where !(value > 0 && value.isFinite) {
            throw ValidationError("\(name) must be > 0")
        }
        guard webhookFailureAlert >= 0 else { throw ValidationError("--webhook-failure-alert must be >= 0") }
        if let alertWebhook {
            guard let url = URL(string: alertWebhook), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false
            else { throw ValidationError("--alert-webhook must be an absolute http or https URL") }
        }
    }

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        // First, before ground's threads allocate.
        let arenas = MallocArenas.limit(
            to: MallocArenas.defaultCount(cores: ProcessInfo.processInfo.activeProcessorCount), environment: env)
        var logger = Logger(label: "skyrelay.ground")
        logger.logLevel = logLevel
        logger.info(
            "malloc arenas",
            metadata: ["max": "\(arenas.map(String.init) ?? env["MALLOC_ARENA_MAX"] ?? "glibc default")"])
        var area = ServiceArea.unrestricted
        if let path = serviceArea {
            do { area = try ServiceArea(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw ValidationError("--service-area: \(error)")
            }
        }
        let operatorKey = self.operatorKey ?? env["SKYRELAY_OPERATOR_KEY"]
        if operatorKey == nil { logger.warning("no operator key configured: operator routes will answer 403") }
        var configuration = GroundControlConfiguration(
            httpHost: httpHost, httpPort: httpPort, databasePath: database ?? env["DATABASE_URL"] ?? "ground.sqlite",
            fleetLink: try fleetLink(env: env), operatorKey: operatorKey, serviceArea: area,
            telemetryPolicy: TelemetryRetentionPolicy(
                sampleInterval: telemetryInterval, retention: telemetryRetentionDays * 86_400),
            sseHeartbeat: .milliseconds(Int(sseHeartbeat * 1000)),
            apiLimits: APILimits(
                requestsPerSecond: rateLimit, burst: rateBurst, maxBodyBytes: maxBodyBytes,
                trustedProxies: try trustedProxies()),
            webRoot: noWebUi ? nil : try pagesFolder(env: env, logger: logger),
            connectionLimits: HTTPConnectionLimits(
                headerTimeout: .milliseconds(Int(httpHeaderTimeout * 1000)),
                idleTimeout: .milliseconds(Int(httpIdleTimeout * 1000)),
                maxConnectionsPerAddress: maxConnectionsPerAddress, listenBacklog: listenBacklog),
            provisionedDrones: try provisionedDrones()
        )
        configuration.depots = try depots()
        configuration.swapStreamResync = .milliseconds(Int(swapStreamResync * 1000))
        configuration.promisePolicy = PromisePolicy(rule: try planningPromiseRule(), holdsLaunch: promiseHold)
        if !noWebUi { configuration.webMap = try webMap(env: env, logger: logger) }
        configuration.remoteIDOperator = try remoteIDOperator()
        configuration.webhooks = WebhookSenderConfiguration(
            retry: WebhookRetryPolicy(
                initialDelay: webhookRetryInitial, maxDelay: webhookRetryMax, retryPeriod: webhookRetryPeriod),
            requestTimeout: .milliseconds(Int(webhookTimeout * 1000)),
            pollInterval: .milliseconds(Int(webhookPollInterval * 1000)), failureAlertThreshold: webhookFailureAlert)
        if let alertWebhook {
            guard let secret = alertWebhookSecret ?? env["SKYRELAY_ALERT_WEBHOOK_SECRET"], !secret.isEmpty else {
                throw ValidationError("--alert-webhook needs --alert-webhook-secret or SKYRELAY_ALERT_WEBHOOK_SECRET")
            }
            configuration.alertWebhook = (alertWebhook, secret)
        }
        configuration.credentials = CredentialPolicy(
            keyRotationGrace: .milliseconds(Int(keyRotationGrace * 1000)),
            trackingTokenTTL: .milliseconds(Int(trackingTokenTtl * 1000)))
        configuration.maintenanceThresholds = MaintenanceThresholds(
            flightHours: serviceAfterHours, batteryCycles: serviceAfterCycles)
        let app = try await GroundControlApp(configuration: configuration, logger: logger)
        try await app.run()
    }
}

extension GroundControlCommand {
    /// `--remote-id-operator` with `--remote-id-operator-location`, or nil.
    func remoteIDOperator() throws -> RemoteIDOperator? {
        guard let remoteIdOperator else {
            if remoteIdOperatorLocation != nil {
                throw ValidationError("--remote-id-operator-location needs --remote-id-operator")
            }
            return nil
        }
        guard let text = remoteIdOperatorLocation else { return RemoteIDOperator(operatorID: remoteIdOperator) }
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lat = parts[0], let lon = parts[1], (-90...90).contains(lat),
            (-180...180).contains(lon)
        else {
            throw ValidationError("--remote-id-operator-location: expected LAT,LON in degrees, got \(text)")
        }
        return RemoteIDOperator(operatorID: remoteIdOperator, lat: lat, lon: lon)
    }

    /// The ids of `--drones-file`, or none.
    func provisionedDrones() throws -> [String] {
        guard let path = dronesFile else { return [] }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ValidationError("--drones-file \(path): \(error.localizedDescription)")
        }
        do { return try DronesFile.parse(text) } catch {
            throw ValidationError("--drones-file \(path): \(error)")
        }
    }

    /// The depots of `--depots-file`, or none.
    func depots() throws -> [Depot] {
        guard let path = depotsFile else { return [] }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ValidationError("--depots-file \(path): \(error.localizedDescription)")
        }
        do { return try DepotsFile.parse(data) } catch {
            throw ValidationError("--depots-file \(path): \(error)")
        }
    }

    /// `--promise-rule` as the planner's rule; an unknown name is refused naming the flag and the choices.
    func planningPromiseRule() throws -> DayPlanner.PromiseRule {
        let choices: [DayPlanner.PromiseRule] = [.none, .beforeLaterDue, .first]
        guard let rule = choices.first(where: { $0.rawValue == promiseRule }) else {
            throw ValidationError(
                "--promise-rule: '\(promiseRule)' is not one of \(choices.map(\.rawValue).joined(separator: ", "))")
        }
        return rule
    }

    /// The fleet link from the MQTT flags, or nil when no broker is configured.
    func fleetLink(env: [String: String]) throws -> FleetLinkConfiguration? {
        guard let url = mqttURL ?? env["SKYRELAY_MQTT_URL"] else { return nil }
        do {
            return try FleetLinkConfiguration(
                url: url, instanceID: instanceID, username: mqttUsername ?? env["SKYRELAY_MQTT_USERNAME"],
                password: mqttPassword ?? env["SKYRELAY_MQTT_PASSWORD"], caFile: mqttCa ?? env["SKYRELAY_MQTT_CA_FILE"],
                prefix: prefix,
                shareGroup: shareGroup, roundInterval: .milliseconds(Int(schedulerInterval * 1000)),
                replyTimeout: .milliseconds(Int(replyTimeout * 1000)))
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

extension GroundControlCommand {
    /// The pages' folder; a configured one that lacks index.html is a start-up error, a missing
    /// default only a warning (the API works without pages).
    func pagesFolder(env: [String: String], logger: Logger) throws -> String? {
        let configured = webRoot ?? env["SKYRELAY_WEB_ROOT"]
        if let configured, !FileManager.default.fileExists(atPath: configured + "/index.html") {
            throw ValidationError("--web-root: \(configured) has no index.html")
        }
        guard let folder = WebRoot.locate(configured: configured) else {
            logger.warning("no browser pages found (set --web-root): /ui is not served")
            return nil
        }
        logger.info("serving browser pages", metadata: ["webRoot": "\(folder)"])
        return folder
    }
}

extension GroundControlCommand {
    /// The map's tiles and Leaflet. A configured Leaflet folder without leaflet.js is a start-up
    /// error; the default one missing only a warning, and the pages draw their vector map.
    func webMap(env: [String: String], logger: Logger) throws -> WebMap {
        let tiles = mapTiles ?? env["SKYRELAY_MAP_TILES"] ?? WebMap.openStreetMapTiles
        if tiles != "none" { try Self.validateTiles(tiles) }
        let attribution =
            mapAttribution ?? env["SKYRELAY_MAP_ATTRIBUTION"]
            ?? (tiles == WebMap.openStreetMapTiles ? WebMap.openStreetMapAttribution : "")
        let configured = leafletRoot ?? env["SKYRELAY_LEAFLET_ROOT"]
        let folder = configured ?? WebMap.debianLeaflet
        var root: String? = folder
        if !FileManager.default.fileExists(atPath: folder + "/leaflet.js") {
            if configured != nil { throw ValidationError("--leaflet-root: \(folder) has no leaflet.js") }
            logger.warning(
                "Leaflet not found (install libjs-leaflet or set --leaflet-root): the map has no street tiles",
                metadata: ["leafletRoot": "\(folder)"])
            root = nil
        }
        let map = WebMap(tiles: tiles == "none" ? nil : tiles, attribution: attribution, leafletRoot: root)
        logger.info(
            "map tiles", metadata: ["tiles": "\(map.tiles ?? "none")", "leafletRoot": "\(map.leafletRoot ?? "none")"])
        return map
    }

    /// An http(s) URL template with the {z}, {x} and {y} Leaflet fills in.
    static func validateTiles(_ template: String) throws {
        guard template.hasPrefix("https://") || template.hasPrefix("http://") else {
            throw ValidationError("--map-tiles: \(template) is not an http(s) URL template ('none' for no tiles)")
        }
        for part in ["{z}", "{x}", "{y}"] where !template.contains(part) {
            throw ValidationError("--map-tiles: \(template) lacks \(part)")
        }
    }
}

extension GroundControlCommand {
    /// `--trusted-proxy` and `--forwarded-header`, or a validation error naming the bad value.
    func trustedProxies() throws -> TrustedProxies {
        guard let header = TrustedProxies.Header(rawValue: forwardedHeader.lowercased()) else {
            throw ValidationError("--forwarded-header must be x-forwarded-for or forwarded, not \(forwardedHeader)")
        }
        var blocks: [AddressBlock] = []
        for text in trustedProxy {
            do { blocks.append(try AddressBlock(text)) } catch { throw ValidationError("--trusted-proxy: \(error)") }
        }
        return TrustedProxies(blocks: blocks, header: header)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
