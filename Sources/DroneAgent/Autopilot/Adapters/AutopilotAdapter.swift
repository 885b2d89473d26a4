import FleetProtocol
import MAVLink

/// What differs between flight-controller families: how a mission is encoded, how modes are named and
/// commanded, how mission progress is reported. One adapter per family; the agent picks it from the
/// autopilot's HEARTBEAT (``AutopilotFamily``).
public protocol AutopilotAdapter: Sendable {
    var family: AutopilotFamily { get }

    /// Decodes HEARTBEAT `custom_mode`.
    func flightMode(customMode: UInt32) -> FlightMode

    /// MAV_CMD_DO_SET_MODE parameters (param1...param3) selecting `kind`, nil if the family has none.
    func setModeParameters(_ kind: FlightMode.Kind) -> [Float]?

    /// The mode to switch to before arming for a mission start, nil when arming works in any mode.
    var armingMode: FlightMode.Kind? { get }

    /// Mission items for `steps` (seq, frame, home slot filled in) and the position of each step in them.
    func encode(_ steps: [MissionStep], home: GeoPoint?) -> (items: [MissionItemInt], seqOfStep: [Int])

    /// The MISSION_CURRENT.total the family reports while `uploaded` items are loaded.
    func reportedTotal(uploaded: Int) -> Int

    /// Parameters the firmware needs set for `steps` to fly as planned.
    func requiredParameters(for steps: [MissionStep]) -> [ParameterRequirement]
}

extension AutopilotAdapter {
    /// The plan encoded, with its phase boundaries as item sequence numbers.
    public func encode(_ plan: MissionPlan, home: GeoPoint?) -> EncodedMission {
        let (items, seqOfStep) = encode(plan.steps, home: home)
        let layout = plan.layout.mapped(itemCount: items.count) { step in
            step < seqOfStep.count ? seqOfStep[step] : items.count
        }
        return EncodedMission(items: items, layout: layout)
    }

    /// Whether the autopilot holds a mission of `layout.itemCount` uploaded items: nil when MISSION_CURRENT
    /// has not come or its total is 0 (MAVLink: "not supported"), so the total can say nothing.
    public func holdsMission(_ progress: MissionProgress, layout: MissionLayout) -> Bool? {
        guard progress.reported, progress.total != 0 else { return nil }
        return progress.total == reportedTotal(uploaded: layout.itemCount)
    }

    /// Whether the autopilot is at (or past) the last item: MISSION_CURRENT.seq or ITEM_REACHED, or its
    /// own completion (mission_state COMPLETE) where it reports one.
    public func reachedLastItem(_ progress: MissionProgress, layout: MissionLayout) -> Bool {
        progress.isComplete || progress.effectiveCurrent >= layout.itemCount - 1
    }

    /// One MISSION_ITEM_INT; position commands in MAV_FRAME_GLOBAL_RELATIVE_ALT_INT, the rest in MAV_FRAME_MISSION.
    func item(
        _ command: MAVCmd, _ point: GeoPoint? = nil, altitudeM: Double = 0, frame: MAVFrame? = nil,
        p1: Float = 0, p2: Float = 0, p3: Float = 0, p4: Float = 0
    ) -> MissionItemInt {
        MissionItemInt(
            frame: frame ?? (point == nil && command != .navTakeoff ? .mission : .globalRelativeAltInt),
            command: command,
            autocontinue: 1, param1: p1, param2: p2, param3: p3, param4: p4,
            x: point.map { Int32(($0.lat * 1e7).rounded()) } ?? 0,
            y: point.map { Int32(($0.lon * 1e7).rounded()) } ?? 0,
            z: Float(altitudeM), missionType: .mission)
    }

    /// Numbers items 0...n-1 and marks the first current.
    func sequenced(_ items: [MissionItemInt]) -> [MissionItemInt] {
        items.enumerated().map { index, item in
            var item = item
            item.seq = UInt16(index)
            item.current = index == 0 ? 1 : 0
            return item
        }
    }
}
