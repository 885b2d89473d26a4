/// PX4 flight modes as encoded in HEARTBEAT `custom_mode` (main mode in bits 16-23, sub mode in 24-31).
///
/// The agent only needs to name the mode for telemetry, recognise the autopilot's own failsafe modes
/// (return, land) and request a few of them.
public enum PX4FlightMode: Sendable, Hashable {
    case manual, altitude, position, takeoff, hold, mission, returnToLaunch, land, other(main: UInt8, sub: UInt8)

    private static let mainManual: UInt8 = 1, mainAltitude: UInt8 = 2, mainPosition: UInt8 = 3, mainAuto: UInt8 = 4
    private static let subTakeoff: UInt8 = 2, subLoiter: UInt8 = 3, subMission: UInt8 = 4, subRTL: UInt8 = 5, subLand: UInt8 = 6

    /// Decodes a HEARTBEAT custom mode.
    public init(customMode: UInt32) {
        let main = UInt8((customMode >> 16) & 0xFF), sub = UInt8((customMode >> 24) & 0xFF)
        switch (main, sub) {
        case (Self.mainManual, _): self = .manual
        case (Self.mainAltitude, _): self = .altitude
        case (Self.mainPosition, _): self = .position
        case (Self.mainAuto, Self.subTakeoff): self = .takeoff
        case (Self.mainAuto, Self.subLoiter): self = .hold
        case (Self.mainAuto, Self.subMission): self = .mission
        case (Self.mainAuto, Self.subRTL): self = .returnToLaunch
        case (Self.mainAuto, Self.subLand): self = .land
        default: self = .other(main: main, sub: sub)
        }
    }

    /// Main and sub mode for MAV_CMD_DO_SET_MODE (param2, param3).
    public var mainAndSub: (main: UInt8, sub: UInt8) {
        switch self {
        case .manual: (Self.mainManual, 0)
        case .altitude: (Self.mainAltitude, 0)
        case .position: (Self.mainPosition, 0)
        case .takeoff: (Self.mainAuto, Self.subTakeoff)
        case .hold: (Self.mainAuto, Self.subLoiter)
        case .mission: (Self.mainAuto, Self.subMission)
        case .returnToLaunch: (Self.mainAuto, Self.subRTL)
        case .land: (Self.mainAuto, Self.subLand)
        case let .other(main, sub): (main, sub)
        }
    }

    /// Wire name used in telemetry (`mission`, `rtl`, `land`, `hold` ...).
    public var name: String {
        switch self {
        case .manual: "manual"
        case .altitude: "altitude"
        case .position: "position"
        case .takeoff: "takeoff"
        case .hold: "hold"
        case .mission: "mission"
        case .returnToLaunch: "rtl"
        case .land: "land"
        case let .other(main, sub): "px4-\(main).\(sub)"
        }
    }

    /// Modes the autopilot enters on its own as a failsafe.
    public var isFailsafeMode: Bool { self == .returnToLaunch || self == .land }
}
