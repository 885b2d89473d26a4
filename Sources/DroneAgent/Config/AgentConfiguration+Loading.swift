import FleetProtocol
import Foundation
import MAVLink
import Yams

extension AgentConfiguration {
    /// Keys that may be omitted in YAML fall back to ``init(droneID:)`` defaults.
    enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
        case mqtt
        case mavlinkURL = "mavlinkUrl"
        case mavlinkSigningKeyFile, dataDirectory, telemetryRateHz, geofence, reserveFraction
        case linkLossReturnSeconds, heartbeatTimeoutSeconds, silenceUnreadStreams, loadingMode, loadingSeconds, vehicle,
            logLevel
        case dispatchReadyPercent, batterySwapSeconds
        case remoteID = "remoteId"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(droneID: try c.decode(String.self, forKey: .droneID))
        mqtt = try c.decodeIfPresent(MQTTSettings.self, forKey: .mqtt) ?? mqtt
        mavlinkURL = try c.decodeIfPresent(String.self, forKey: .mavlinkURL) ?? mavlinkURL
        mavlinkSigningKeyFile = try c.decodeIfPresent(String.self, forKey: .mavlinkSigningKeyFile)
        dataDirectory = try c.decodeIfPresent(String.self, forKey: .dataDirectory) ?? dataDirectory
        telemetryRateHz = try c.decodeIfPresent(Double.self, forKey: .telemetryRateHz) ?? telemetryRateHz
        geofence = try c.decodeIfPresent([GeoPoint].self, forKey: .geofence)
        reserveFraction = try c.decodeIfPresent(Double.self, forKey: .reserveFraction) ?? reserveFraction
        linkLossReturnSeconds =
            try c.decodeIfPresent(Double.self, forKey: .linkLossReturnSeconds) ?? linkLossReturnSeconds
        heartbeatTimeoutSeconds =
            try c.decodeIfPresent(Double.self, forKey: .heartbeatTimeoutSeconds) ?? heartbeatTimeoutSeconds
        silenceUnreadStreams =
            try c.decodeIfPresent(Bool.self, forKey: .silenceUnreadStreams) ?? silenceUnreadStreams
        loadingMode = try c.decodeIfPresent(LoadingMode.self, forKey: .loadingMode) ?? loadingMode
        loadingSeconds = try c.decodeIfPresent(Double.self, forKey: .loadingSeconds)
        vehicle = try c.decodeIfPresent(VehicleOverrides.self, forKey: .vehicle) ?? vehicle
        dispatchReadyPercent =
            try c.decodeIfPresent(Double.self, forKey: .dispatchReadyPercent) ?? dispatchReadyPercent
        batterySwapSeconds = try c.decodeIfPresent(Double.self, forKey: .batterySwapSeconds) ?? batterySwapSeconds
        logLevel = try c.decodeIfPresent(String.self, forKey: .logLevel) ?? logLevel
        remoteID = try c.decodeIfPresent(RemoteIDSettings.self, forKey: .remoteID)
    }

    /// Parses YAML text; `path` only labels errors.
    public static func parse(yaml: String, path: String = "<string>") throws(ConfigurationError) -> AgentConfiguration {
        let config: AgentConfiguration
        do {
            config = try YAMLDecoder().decode(AgentConfiguration.self, from: yaml)
        } catch {
            throw .malformed(path: path, reason: String(describing: error))
        }
        try config.validate()
        return config
    }

    /// Reads and parses a YAML file.
    public static func load(path: String) throws(ConfigurationError) -> AgentConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try parse(yaml: text, path: path)
    }

    /// Checks ranges a YAML schema cannot express.
    public func validate() throws(ConfigurationError) {
        guard (try? DroneID(droneID)) != nil else {
            throw .invalid(field: "droneId", reason: "must match [A-Za-z0-9_-]{1,64}")
        }
        guard (1...65535).contains(mqtt.port) else { throw .invalid(field: "mqtt.port", reason: "must be 1...65535") }
        do { _ = try MAVLinkEndpoint(mavlinkURL) } catch {
            throw .invalid(field: "mavlinkUrl", reason: error.reason)
        }
        _ = try mavlinkSecurity()
        guard telemetryRateHz.isFinite, telemetryRateHz > 0, telemetryRateHz <= 50 else {
            throw .invalid(field: "telemetryRateHz", reason: "must be in (0, 50]")
        }
        guard reserveFraction.isFinite, (0..<1).contains(reserveFraction) else {
            throw .invalid(field: "reserveFraction", reason: "must be in [0, 1)")
        }
        guard linkLossReturnSeconds.isFinite, linkLossReturnSeconds > 0 else {
            throw .invalid(field: "linkLossReturnSeconds", reason: "must be > 0")
        }
        guard heartbeatTimeoutSeconds.isFinite, heartbeatTimeoutSeconds > 0 else {
            throw .invalid(field: "heartbeatTimeoutSeconds", reason: "must be > 0")
        }
        guard dispatchReadyPercent.isFinite, dispatchReadyPercent > 0, dispatchReadyPercent <= 100 else {
            throw .invalid(field: "dispatchReadyPercent", reason: "must be in (0, 100]")
        }
        guard batterySwapSeconds.isFinite, batterySwapSeconds > 0 else {
            throw .invalid(field: "batterySwapSeconds", reason: "must be > 0")
        }
        if let geofence {
            do { _ = try Geofence(vertices: geofence) } catch {
                throw .invalid(field: "geofence", reason: String(describing: error))
            }
        }
        try remoteID?.validate(at: "remoteId")
    }

    /// The geofence as a FleetProtocol value (validated by ``validate()``).
    public var fence: Geofence? {
        geofence.flatMap { try? Geofence(vertices: $0) }
    }

    /// The vehicle profile with overrides and reserve applied.
    public var profile: VehicleProfile { vehicle.profile(reserveFraction: reserveFraction) }
}
