import MAVLink

/// The flight modes the simulated autopilot flies. Each personality numbers them as its firmware
/// does (PX4CustomMode, ArduCopterMode in the MAVLink module), so pymavlink, MAVSDK and
/// QGroundControl show and set them as for the real autopilot.
public enum FlightMode: String, Sendable, Hashable, CaseIterable {
    /// Position hold (AUTO.LOITER in the air, idle on the ground).
    case hold
    /// Position control, flown like hold (there is no stick input).
    case position
    case takeoff
    case mission
    case returnToLaunch = "rtl"
    case land

    /// The PX4 main/sub mode pair of this mode.
    public var px4Mode: PX4CustomMode {
        switch self {
        case .position: .positionControl
        case .hold: .autoLoiter
        case .takeoff: .autoTakeoff
        case .mission: .autoMission
        case .returnToLaunch: .autoReturnToLaunch
        case .land: .autoLand
        }
    }

    /// PX4 HEARTBEAT custom_mode: main mode in bits 16-23, sub mode in bits 24-31.
    public var customMode: UInt32 { px4Mode.customMode }

    /// The mode for a PX4 main/sub mode pair, nil for modes the sim does not fly (manual, acro, offboard...).
    public init?(px4 mode: PX4CustomMode) {
        switch (mode.mainMode, mode.autoSubMode) {
        case (.positionControl?, _): self = .position
        case (.auto?, .takeoff?): self = .takeoff
        case (.auto?, .loiter?): self = .hold
        case (.auto?, .mission?): self = .mission
        case (.auto?, .returnToLaunch?): self = .returnToLaunch
        case (.auto?, .land?): self = .land
        default: return nil
        }
    }

    /// The mode for a PX4 main/sub mode pair (DO_SET_MODE param2/param3).
    public init?(main: UInt32, sub: UInt32) {
        guard main <= UInt8.max, sub <= UInt8.max else { return nil }
        self.init(px4: PX4CustomMode(main: UInt8(main), sub: UInt8(sub)))
    }

    /// The mode for a full PX4 HEARTBEAT/SET_MODE custom_mode value.
    public init?(customMode: UInt32) {
        self.init(px4: PX4CustomMode(customMode: customMode))
    }
}
