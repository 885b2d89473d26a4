import FleetProtocol
import Foundation

/// Everything one drone agent needs to run, read from a YAML file and overridable by flags.
///
/// Only `droneId` is required; every other field has the default documented on it, so a minimal
/// config file is one line. Durations are in seconds.
public struct AgentConfiguration: Codable, Sendable, Equatable {
    /// Drone id, also the MQTT client id and username (`[A-Za-z0-9_-]{1,64}`).
    public var droneID: String
    /// Broker connection.
    public var mqtt: MQTTSettings
    /// Autopilot link URL: `udp://:14540` (listen on the loopback), `udp://0.0.0.0:14540` (every
    /// interface), `udpout://host:port` (send to), `serial:///dev/ttyACM0:921600`.
    public var mavlinkURL: String
    /// File holding the 32-byte MAVLink 2 signing key shared with the autopilot (64 hex digits or
    /// base64). With it the link signs every frame and drops frames not signed with the key.
    public var mavlinkSigningKeyFile: String?
    /// Directory holding the agent's SQLite file.
    public var dataDirectory: String
    /// Telemetry publish rate in Hz (default 2; clamped to at least 1 Hz while airborne).
    public var telemetryRateHz: Double
    /// Service area; assignments with a leg outside it are rejected. `nil` disables the check.
    public var geofence: [GeoPoint]?
    /// Energy reserve kept at acceptance, fraction of capacity (default 0.2).
    public var reserveFraction: Double
    /// Ground link lost longer than this before pickup makes the drone return home (default 60 s).
    public var linkLossReturnSeconds: Double
    /// No autopilot heartbeat for this long counts as autopilot loss (default 3 s).
    public var heartbeatTimeoutSeconds: Double
    /// Turn off the autopilot's streams the agent does not read (ATTITUDE, VFR_HUD, ...) as they show up
    /// (default true). False when another program shares the autopilot's link through mavlink-router and
    /// reads them: stream rates belong to the link, not to one reader.
    public var silenceUnreadStreams: Bool
    /// `land` lands at the pickup for loading; `hover` loiters above it (default land).
    public var loadingMode: LoadingMode
    /// Loiter/ground time at the pickup, seconds (default: the vehicle profile's loading time).
    public var loadingSeconds: Double?
    /// Charge level, percent, at which a drone charging on a depot pad is ready for a job: telemetry's
    /// `battery.readyAtMs` projects when the pack gets there (default 95).
    public var dispatchReadyPercent: Double
    /// How long a pack swap at a depot takes, seconds: a swap seen starting is ready this much later
    /// (default 120, the depots file's usual `swapSeconds`).
    public var batterySwapSeconds: Double
    /// Partial overrides of the vehicle profile (fields absent keep the SR-Quad default).
    public var vehicle: VehicleOverrides
    /// Minimum log level (`trace` ... `critical`, default `info`).
    public var logLevel: String
    /// Remote ID broadcast through the autopilot (OPEN_DRONE_ID_* at 1 Hz); `nil` sends none.
    public var remoteID: RemoteIDSettings?

    /// How the drone takes the package on at the pickup.
    public enum LoadingMode: String, Codable, Sendable {
        case land, hover
    }

    /// A configuration with every default and the given drone id.
    public init(droneID: String) {
        self.droneID = droneID
        mqtt = MQTTSettings()
        mavlinkURL = "udp://:14540"
        mavlinkSigningKeyFile = nil
        dataDirectory = "/var/lib/skyrelay-agent"
        telemetryRateHz = 2
        geofence = nil
        reserveFraction = VehicleProfile.default.reserveFraction
        linkLossReturnSeconds = 60
        heartbeatTimeoutSeconds = 3
        silenceUnreadStreams = true
        loadingMode = .land
        loadingSeconds = nil
        dispatchReadyPercent = 95
        batterySwapSeconds = 120
        vehicle = VehicleOverrides()
        logLevel = "info"
        remoteID = nil
    }
}
