/// The vehicle's geofence picture: the stored areas, whether it is outside them, and the counters
/// FENCE_STATUS reports.
public struct FenceState: Sendable, Equatable {
    /// AC_Fence types, as FENCE_TYPE and the breach mask number them.
    public struct Kinds: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let maxAltitude = Kinds(rawValue: 1)
        public static let circle = Kinds(rawValue: 2)
        public static let polygon = Kinds(rawValue: 4)
    }

    var regions = FenceRegions()
    /// ArduPilot: MAV_CMD_DO_FENCE_ENABLE's choice; nil follows FENCE_ENABLE.
    var enabledByCommand: Bool?
    /// Fences breached now (empty when inside).
    public internal(set) var breaches: Kinds = []
    public internal(set) var breachCount: UInt16 = 0
    /// Boot time of the last breach, ms.
    public internal(set) var breachTimeMs: UInt32 = 0
    /// The mode the breach action switched to, for status and tests.
    public internal(set) var lastAction: String?
    var statusDue: Double = 0
}
