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

    /// Commands the simulated autopilot executes in a mission.
    public static let supportedCommands: Set<UInt16> = [
        MAVCmd.navWaypoint.rawValue, MAVCmd.navTakeoff.rawValue, MAVCmd.navLand.rawValue,
        MAVCmd.navReturnToLaunch.rawValue, MAVCmd.navLoiterTime.rawValue,
        MAVCmd.doGripper.rawValue, MAVCmd.doSetServo.rawValue,
    ]

    /// Frames accepted for positional items.
    public static let supportedFrames: Set<UInt8> = [
        MAVFrame.global.rawValue, MAVFrame.globalRelativeAlt.rawValue,
        MAVFrame.globalInt.rawValue, MAVFrame.globalRelativeAltInt.rawValue, MAVFrame.mission.rawValue,
    ]

    /// Checks one uploaded item; the MISSION_ACK result to send if it is not flyable.
    public static func validate(_ item: MissionItemInt) -> MAVMissionResult? {
        guard supportedCommands.contains(item.command.rawValue) else { return .unsupported }
        guard supportedFrames.contains(item.frame.rawValue) else { return .unsupportedFrame }
        guard item.param1.isFinite || item.command != .navLoiterTime else { return .invalidParam1 }
        return nil
    }

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
