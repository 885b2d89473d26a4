/// What the autopilot reports about the loaded mission (MISSION_CURRENT, MISSION_ITEM_REACHED).
public struct MissionProgress: Sendable, Equatable {
    /// Item being executed.
    public var current: Int = 0
    /// Items in the loaded mission (0 when none or not reported yet).
    public var total: Int = 0
    /// PX4 mission_state: 1 none, 2 not started, 3 active, 4 paused, 5 complete (0 unknown).
    public var state: UInt8 = 0
    /// Highest item reported reached since the last upload, if any.
    public var highestReached: Int?
    /// Whether any MISSION_CURRENT arrived since the link came up.
    public var reported = false

    public init(current: Int = 0, total: Int = 0, state: UInt8 = 0, highestReached: Int? = nil, reported: Bool = false)
    {
        self.current = current
        self.total = total
        self.state = state
        self.highestReached = highestReached
        self.reported = reported
    }

    /// The item the vehicle is at or beyond, combining both reports (ITEM_REACHED can arrive before
    /// the MISSION_CURRENT that follows it).
    public var effectiveCurrent: Int { max(current, (highestReached ?? -1) + 1) }

    /// PX4 reports state 5 once the last item was reached.
    public var isComplete: Bool { state == 5 }
}
