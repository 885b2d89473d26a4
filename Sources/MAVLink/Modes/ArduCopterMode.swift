/// ArduCopter flight mode numbers, sent as HEARTBEAT `custom_mode` and taken by SET_MODE and
/// MAV_CMD_DO_SET_MODE param2 (ArduPilot ArduCopter/mode.h, `enum class Mode::Number`).
///
/// Open like the generated MAVLink enums: a number this build has no name for is kept.
public struct ArduCopterMode: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public static let stabilize = ArduCopterMode(rawValue: 0)
    public static let acro = ArduCopterMode(rawValue: 1)
    public static let altHold = ArduCopterMode(rawValue: 2)
    public static let auto = ArduCopterMode(rawValue: 3)
    public static let guided = ArduCopterMode(rawValue: 4)
    public static let loiter = ArduCopterMode(rawValue: 5)
    public static let rtl = ArduCopterMode(rawValue: 6)
    public static let circle = ArduCopterMode(rawValue: 7)
    public static let land = ArduCopterMode(rawValue: 9)
    public static let drift = ArduCopterMode(rawValue: 11)
    public static let sport = ArduCopterMode(rawValue: 13)
    public static let flip = ArduCopterMode(rawValue: 14)
    public static let autotune = ArduCopterMode(rawValue: 15)
    public static let posHold = ArduCopterMode(rawValue: 16)
    public static let brake = ArduCopterMode(rawValue: 17)
    public static let `throw` = ArduCopterMode(rawValue: 18)
    public static let avoidADSB = ArduCopterMode(rawValue: 19)
    public static let guidedNoGPS = ArduCopterMode(rawValue: 20)
    public static let smartRTL = ArduCopterMode(rawValue: 21)
    public static let flowHold = ArduCopterMode(rawValue: 22)
    public static let follow = ArduCopterMode(rawValue: 23)
    public static let zigzag = ArduCopterMode(rawValue: 24)
    public static let systemID = ArduCopterMode(rawValue: 25)
    public static let autorotate = ArduCopterMode(rawValue: 26)
    public static let autoRTL = ArduCopterMode(rawValue: 27)
    public static let turtle = ArduCopterMode(rawValue: 28)

    /// Every mode ArduCopter defines, with the name it reports (ArduCopter's `Mode::name()`, as
    /// pymavlink's mode_mapping_acm spells it).
    public static let named: [(mode: ArduCopterMode, name: String)] = [
        (.stabilize, "STABILIZE"), (.acro, "ACRO"), (.altHold, "ALT_HOLD"), (.auto, "AUTO"),
        (.guided, "GUIDED"), (.loiter, "LOITER"), (.rtl, "RTL"), (.circle, "CIRCLE"), (.land, "LAND"),
        (.drift, "DRIFT"), (.sport, "SPORT"), (.flip, "FLIP"), (.autotune, "AUTOTUNE"),
        (.posHold, "POSHOLD"), (.brake, "BRAKE"), (.throw, "THROW"), (.avoidADSB, "AVOID_ADSB"),
        (.guidedNoGPS, "GUIDED_NOGPS"), (.smartRTL, "SMART_RTL"), (.flowHold, "FLOWHOLD"),
        (.follow, "FOLLOW"), (.zigzag, "ZIGZAG"), (.systemID, "SYSTEMID"), (.autorotate, "AUTOROTATE"),
        (.autoRTL, "AUTO_RTL"), (.turtle, "TURTLE"),
    ]

    /// The upper-case name ArduPilot reports, nil for a number ArduCopter does not define.
    public var name: String? { Self.named.first { $0.mode == self }?.name }
}
