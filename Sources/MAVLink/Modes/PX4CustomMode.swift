/// PX4's HEARTBEAT / SET_MODE `custom_mode`: main mode in bits 16-23, sub mode in bits 24-31
/// (PX4-Autopilot src/modules/commander/px4_custom_mode.h, `union px4_custom_mode`).
///
/// Kept open: a heartbeat may carry a main/sub pair this build has no name for, and it decodes
/// unchanged so callers can show and log it.
public struct PX4CustomMode: Sendable, Hashable {
    /// `PX4_CUSTOM_MAIN_MODE_*`.
    public enum Main: UInt8, Sendable, CaseIterable {
        case manual = 1
        case altitudeControl = 2
        case positionControl = 3
        case auto = 4
        case acro = 5
        case offboard = 6
        case stabilized = 7
        case rattitudeLegacy = 8
        case simple = 9
        case termination = 10
    }

    /// `PX4_CUSTOM_SUB_MODE_AUTO_*`, the sub modes of main mode AUTO.
    public enum AutoSub: UInt8, Sendable, CaseIterable {
        case ready = 1
        case takeoff = 2
        case loiter = 3
        case mission = 4
        case returnToLaunch = 5
        case land = 6
        case reservedDoNotUse = 7
        case followTarget = 8
        case precisionLand = 9
        case vtolTakeoff = 10
    }

    public var main: UInt8
    public var sub: UInt8

    public init(main: UInt8, sub: UInt8) {
        self.main = main
        self.sub = sub
    }

    /// A main mode without a sub mode (MANUAL, POSCTL, OFFBOARD, ...).
    public init(_ main: Main) {
        self.init(main: main.rawValue, sub: 0)
    }

    /// An AUTO sub mode (AUTO.MISSION, AUTO.RTL, ...).
    public init(auto sub: AutoSub) {
        self.init(main: Main.auto.rawValue, sub: sub.rawValue)
    }

    /// Decodes a HEARTBEAT / SET_MODE custom_mode; bits 0-15 are reserved and ignored as PX4 does.
    public init(customMode: UInt32) {
        self.init(main: UInt8((customMode >> 16) & 0xFF), sub: UInt8((customMode >> 24) & 0xFF))
    }

    /// The HEARTBEAT / SET_MODE custom_mode value.
    public var customMode: UInt32 { UInt32(main) << 16 | UInt32(sub) << 24 }

    /// The named main mode, nil for a number PX4 does not define.
    public var mainMode: Main? { Main(rawValue: main) }

    /// The named AUTO sub mode, nil outside AUTO or for an undefined number.
    public var autoSubMode: AutoSub? { main == Main.auto.rawValue ? AutoSub(rawValue: sub) : nil }

    public static let manual = PX4CustomMode(.manual)
    public static let altitudeControl = PX4CustomMode(.altitudeControl)
    public static let positionControl = PX4CustomMode(.positionControl)
    public static let offboard = PX4CustomMode(.offboard)
    public static let autoReady = PX4CustomMode(auto: .ready)
    public static let autoTakeoff = PX4CustomMode(auto: .takeoff)
    public static let autoLoiter = PX4CustomMode(auto: .loiter)
    public static let autoMission = PX4CustomMode(auto: .mission)
    public static let autoReturnToLaunch = PX4CustomMode(auto: .returnToLaunch)
    public static let autoLand = PX4CustomMode(auto: .land)
}
