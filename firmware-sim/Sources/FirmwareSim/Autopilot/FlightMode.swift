/// The flight modes the simulated autopilot flies, with PX4's custom_mode encoding so that
/// pymavlink, MAVSDK and QGroundControl show and set them as for PX4 SITL.
public enum FlightMode: String, Sendable, Hashable, CaseIterable {
    /// Position hold (AUTO.LOITER in the air, idle on the ground).
    case hold
    /// Position control, flown like hold (there is no stick input).
    case position
    case takeoff
    case mission
    case returnToLaunch = "rtl"
    case land

    // PX4 main modes (px4_custom_mode.h).
    static let mainPosition: UInt32 = 3
    static let mainAuto: UInt32 = 4
    // PX4 AUTO sub modes.
    static let subTakeoff: UInt32 = 2
    static let subLoiter: UInt32 = 3
    static let subMission: UInt32 = 4
    static let subRTL: UInt32 = 5
    static let subLand: UInt32 = 6

    /// HEARTBEAT custom_mode: main mode in bits 16-23, sub mode in bits 24-31.
    public var customMode: UInt32 {
        switch self {
        case .position: Self.mainPosition << 16
        case .hold: Self.mainAuto << 16 | Self.subLoiter << 24
        case .takeoff: Self.mainAuto << 16 | Self.subTakeoff << 24
        case .mission: Self.mainAuto << 16 | Self.subMission << 24
        case .returnToLaunch: Self.mainAuto << 16 | Self.subRTL << 24
        case .land: Self.mainAuto << 16 | Self.subLand << 24
        }
    }

    /// The mode for a PX4 main/sub mode pair, nil for modes the sim does not fly (manual, acro, offboard...).
    public init?(main: UInt32, sub: UInt32) {
        switch (main, sub) {
        case (Self.mainPosition, _): self = .position
        case (Self.mainAuto, Self.subTakeoff): self = .takeoff
        case (Self.mainAuto, Self.subLoiter): self = .hold
        case (Self.mainAuto, Self.subMission): self = .mission
        case (Self.mainAuto, Self.subRTL): self = .returnToLaunch
        case (Self.mainAuto, Self.subLand): self = .land
        default: return nil
        }
    }

    /// The mode for a full HEARTBEAT/SET_MODE custom_mode value.
    public init?(customMode: UInt32) {
        self.init(main: (customMode >> 16) & 0xFF, sub: (customMode >> 24) & 0xFF)
    }
}
