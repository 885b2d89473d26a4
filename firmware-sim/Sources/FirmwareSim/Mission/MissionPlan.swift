import MAVLink

/// The mission stored on the vehicle, kept as the MISSION_ITEM_INT items it was uploaded with so a
/// download returns exactly what was uploaded.
public struct MissionPlan: Sendable, Equatable {
    public private(set) var items: [MissionItemInt] = []

    public init(items: [MissionItemInt] = []) {
        self.items = items
    }

    public var count: Int { items.count }
    public var isEmpty: Bool { items.isEmpty }

    /// Commands the simulator can fly in a mission. Each personality first answers as its firmware
    /// does (PX4MissionItemCheck, ArduPilotMissionItemCheck); an item the firmware takes but the
    /// simulator cannot fly is refused with UNSUPPORTED and a STATUSTEXT naming it.
    public static let simulatedCommands: Set<UInt16> = [
        MAVCmd.navWaypoint.rawValue, MAVCmd.navTakeoff.rawValue, MAVCmd.navLand.rawValue,
        MAVCmd.navReturnToLaunch.rawValue, MAVCmd.navLoiterTime.rawValue, MAVCmd.navDelay.rawValue,
        MAVCmd.doGripper.rawValue, MAVCmd.doSetServo.rawValue,
    ]

    /// The MISSION_ITEM_INT equivalent of a float MISSION_ITEM (old clients).
    public static func integerItem(_ item: MissionItem) -> MissionItemInt {
        let scale = item.frame == .mission ? 1.0 : 1e7
        return MissionItemInt(
            targetSystem: item.targetSystem, targetComponent: item.targetComponent, seq: item.seq,
            frame: item.frame, command: item.command, current: item.current, autocontinue: item.autocontinue,
            param1: item.param1, param2: item.param2, param3: item.param3, param4: item.param4,
            x: Int32(clamping: Int64((Double(item.x) * scale).rounded())),
            y: Int32(clamping: Int64((Double(item.y) * scale).rounded())),
            z: item.z, missionType: item.missionType
        )
    }

    /// The float MISSION_ITEM of a stored item, for MISSION_REQUEST (non-INT) downloads.
    public static func floatItem(_ item: MissionItemInt) -> MissionItem {
        let scale = item.frame == .mission ? 1.0 : 1e-7
        return MissionItem(
            targetSystem: item.targetSystem, targetComponent: item.targetComponent, seq: item.seq,
            frame: item.frame, command: item.command, current: item.current, autocontinue: item.autocontinue,
            param1: item.param1, param2: item.param2, param3: item.param3, param4: item.param4,
            x: Float(Double(item.x) * scale), y: Float(Double(item.y) * scale), z: item.z,
            missionType: item.missionType
        )
    }
}
