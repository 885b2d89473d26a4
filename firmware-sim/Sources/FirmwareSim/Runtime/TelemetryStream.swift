import MAVLink

/// A periodic telemetry message of the simulated autopilot.
public enum TelemetryStream: Int, Sendable, CaseIterable {
    case heartbeat, globalPosition, attitude, gpsRaw, sysStatus, batteryStatus
    case extendedSysState, missionCurrent, vfrHud, homePosition, systemTime
    /// ArduPilot's WIND (ardupilotmega); PX4 does not know the message (it streams WIND_COV).
    case wind

    /// The MAVLink message the stream sends (what SET_MESSAGE_INTERVAL names).
    public var messageID: UInt32 {
        switch self {
        case .heartbeat: Heartbeat.messageID
        case .globalPosition: GlobalPositionInt.messageID
        case .attitude: Attitude.messageID
        case .gpsRaw: GPSRawInt.messageID
        case .sysStatus: SysStatus.messageID
        case .batteryStatus: BatteryStatus.messageID
        case .extendedSysState: ExtendedSysState.messageID
        case .missionCurrent: MissionCurrent.messageID
        case .vfrHud: VfrHud.messageID
        case .homePosition: HomePosition.messageID
        case .systemTime: SystemTime.messageID
        case .wind: Wind.messageID
        }
    }

    /// The MAVLink name of the message, e.g. `GLOBAL_POSITION_INT` (what `--rate` takes).
    public var messageName: String {
        switch self {
        case .heartbeat: Heartbeat.messageName
        case .globalPosition: GlobalPositionInt.messageName
        case .attitude: Attitude.messageName
        case .gpsRaw: GPSRawInt.messageName
        case .sysStatus: SysStatus.messageName
        case .batteryStatus: BatteryStatus.messageName
        case .extendedSysState: ExtendedSysState.messageName
        case .missionCurrent: MissionCurrent.messageName
        case .vfrHud: VfrHud.messageName
        case .homePosition: HomePosition.messageName
        case .systemTime: SystemTime.messageName
        case .wind: Wind.messageName
        }
    }

    /// The stream sending the message called `name` (case-insensitive), nil for others.
    public init?(messageName name: String) {
        let wanted = name.uppercased()
        guard let stream = Self.allCases.first(where: { $0.messageName == wanted }) else { return nil }
        self = stream
    }

    public init?(messageID: UInt32) {
        guard let stream = Self.allCases.first(where: { $0.messageID == messageID }) else { return nil }
        self = stream
    }

    /// Default rate in Hz from the configured rates.
    public func rate(in rates: StreamRates) -> Double {
        switch self {
        case .heartbeat: rates.heartbeat
        case .globalPosition: rates.globalPosition
        case .attitude: rates.attitude
        case .gpsRaw: rates.gpsRaw
        case .sysStatus: rates.sysStatus
        case .batteryStatus: rates.batteryStatus
        case .extendedSysState: rates.extendedSysState
        case .missionCurrent: rates.missionCurrent
        case .vfrHud: rates.vfrHud
        case .homePosition: rates.homePosition
        case .systemTime: rates.systemTime
        case .wind: rates.wind
        }
    }

    /// Streams switched by REQUEST_DATA_STREAM's stream id (ArduPilot-style groups; WIND is in ArduCopter's
    /// EXTRA3 group, as in its GCS_Mavlink.cpp STREAM_EXTRA3_msgs).
    public static func streams(forDataStream id: MAVDataStream) -> [TelemetryStream] {
        switch id.rawValue {
        case 0: allCases.filter { $0 != .heartbeat }
        case 2: [.sysStatus, .gpsRaw, .missionCurrent, .batteryStatus, .extendedSysState]
        case 6: [.globalPosition]
        case 10: [.attitude]
        case 11: [.vfrHud]
        case 12: [.homePosition, .systemTime, .wind]
        default: []
        }
    }
}
