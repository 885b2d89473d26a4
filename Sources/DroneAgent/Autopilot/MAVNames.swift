import MAVLink

/// MAVLink spellings of the numbers in refusal reasons, so an operator reads `MAV_CMD_DO_GRIPPER (211)`
/// rather than a bare number.
enum MAVNames {
    static let commands: [UInt16: String] = [
        16: "NAV_WAYPOINT", 19: "NAV_LOITER_TIME", 20: "NAV_RETURN_TO_LAUNCH", 21: "NAV_LAND", 22: "NAV_TAKEOFF",
        93: "NAV_DELAY", 176: "DO_SET_MODE", 211: "DO_GRIPPER", 300: "MISSION_START", 400: "COMPONENT_ARM_DISARM",
        511: "SET_MESSAGE_INTERVAL", 2000: "IMAGE_START_CAPTURE",
    ]
    static let missionResults = [
        "ACCEPTED", "ERROR", "UNSUPPORTED_FRAME", "UNSUPPORTED", "NO_SPACE", "INVALID", "INVALID_PARAM1",
        "INVALID_PARAM2", "INVALID_PARAM3", "INVALID_PARAM4", "INVALID_PARAM5_X", "INVALID_PARAM6_Y", "INVALID_PARAM7",
        "INVALID_SEQUENCE", "DENIED", "OPERATION_CANCELLED",
    ]
    static let results = [
        "ACCEPTED", "TEMPORARILY_REJECTED", "DENIED", "UNSUPPORTED", "FAILED", "IN_PROGRESS", "CANCELLED",
    ]

    static func command(_ raw: UInt16) -> String { commands[raw].map { "MAV_CMD_\($0) (\(raw))" } ?? "\(raw)" }

    static func missionResult(_ raw: UInt8) -> String {
        Int(raw) < missionResults.count ? "MAV_MISSION_\(missionResults[Int(raw)]) (\(raw))" : "\(raw)"
    }

    static func result(_ raw: UInt8) -> String {
        Int(raw) < results.count ? "MAV_RESULT_\(results[Int(raw)]) (\(raw))" : "\(raw)"
    }
}
