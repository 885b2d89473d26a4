import MAVLink

/// What ArduPilot answers to one uploaded item.
///
/// Missions: libraries/AP_Mission/AP_Mission.cpp `AP_Mission::mavlink_int_to_mission_cmd` (unknown
/// command UNSUPPORTED; commands stored with a location need a sane lat/lon/alt and a global or
/// mission frame). Fences: libraries/GCS_MAVLink/MissionItemProtocol_Fence.cpp
/// `convert_MISSION_ITEM_INT_to_AC_PolyFenceItem`. Rally: MissionItemProtocol_Rally.cpp
/// `convert_MISSION_ITEM_INT_to_RallyLocation`.
enum ArduPilotMissionItemCheck {
    /// MAV_CMD_DO_WINCH, MAV_CMD_DO_SPRAYER, MAV_CMD_DO_AUX_FUNCTION, MAV_CMD_NAV_SCRIPT_TIME,
    /// MAV_CMD_NAV_ATTITUDE_TIME, MAV_CMD_DO_SET_RESUME_REPEAT_DIST, MAV_CMD_NAV_ALTITUDE_WAIT
    /// (ardupilotmega.xml, not in the generated common set).
    static let dialectCommands: Set<UInt16> = [42600, 216, 218, 42702, 42703, 215, 83]

    /// Commands AP_Mission converts.
    static let known: Set<UInt16> = Set(
        [
            MAVCmd.navWaypoint, .navLoiterUnlim, .navLoiterTurns, .navLoiterTime, .navReturnToLaunch, .navLand,
            .navTakeoff, .navContinueAndChangeAlt, .navLoiterToAlt, .navSplineWaypoint, .navGuidedEnable,
            .navDelay, .navPayloadPlace, .conditionDelay, .conditionDistance, .conditionYaw, .doJump,
            .doChangeSpeed, .doSetHome, .doSetRelay, .doRepeatRelay, .doSetServo, .doRepeatServo, .doLandStart,
            .doReturnPathStart, .doGoAround, .doSetRoi, .doSetRoiLocation, .doSetRoiNone, .doDigicamConfigure,
            .doDigicamControl, .doMountControl, .doSetCamTriggDist, .doFenceEnable, .doParachute,
            .doInvertedFlight, .doGripper, .doGuidedLimits, .doAutotuneEnable, .doVtolTransition,
            .doEngineControl, .doGimbalManagerPitchyaw, .imageStartCapture, .imageStopCapture,
            .videoStartCapture, .videoStopCapture, .setCameraZoom, .setCameraFocus, .setCameraSource,
            .jumpTag, .doJumpTag,
        ].map(\.rawValue)
    ).union(dialectCommands)

    /// Commands AP_Mission stores with a location (`stored_in_location`), whose frame and
    /// coordinates it checks.
    static let withLocation: Set<UInt16> = Set(
        [
            MAVCmd.navWaypoint, .navSplineWaypoint, .navLoiterUnlim, .navLoiterTurns, .navLoiterTime,
            .navLand, .navTakeoff, .navContinueAndChangeAlt, .navLoiterToAlt, .navPayloadPlace, .doSetHome,
            .doSetRoi, .doSetRoiLocation, .doLandStart, .doReturnPathStart, .doGoAround,
        ].map(\.rawValue))

    static let locationFrames: Set<MAVFrame> = [
        .mission, .global, .globalInt, .globalRelativeAlt, .globalRelativeAltInt, .globalTerrainAlt,
        .globalTerrainAltInt,
    ]

    /// `LOCATION_ALT_MAX_M`: altitudes are stored in cm in 24 bits.
    static let maximumAltitude: Float = 83_000

    /// A mission item: nil when ArduPilot takes it.
    static func mission(_ item: MissionItemInt) -> MAVMissionResult? {
        let command = item.command.rawValue
        guard known.contains(command) else { return .unsupported }
        guard withLocation.contains(command) else { return nil }
        guard abs(Int64(item.x)) <= 900_000_000 else { return .invalidParam5X }
        guard abs(Int64(item.y)) <= 1_800_000_000 else { return .invalidParam6Y }
        guard !item.z.isNaN, abs(item.z) < maximumAltitude else { return .invalidParam7 }
        guard locationFrames.contains(item.frame) else { return .unsupportedFrame }
        return nil
    }

    /// A fence item: global frames only, fence commands only, vertex count up to 255.
    static func fence(_ item: MissionItemInt) -> MAVMissionResult? {
        let frames: Set<MAVFrame> = [
            .global, .globalInt, .globalRelativeAlt, .globalRelativeAltInt, .globalTerrainAlt, .globalTerrainAltInt,
        ]
        guard frames.contains(item.frame) else { return .unsupportedFrame }
        switch item.command {
        case .navFencePolygonVertexInclusion, .navFencePolygonVertexExclusion:
            return item.param1 > 255 ? .invalidParam1 : nil
        case .navFenceReturnPoint, .navFenceCircleInclusion, .navFenceCircleExclusion:
            return nil
        default:
            return .unsupported
        }
    }

    /// A rally point: NAV_RALLY_POINT in a relative-altitude frame, altitude within int16.
    static func rally(_ item: MissionItemInt) -> MAVMissionResult? {
        guard item.command == .navRallyPoint else { return .unsupported }
        guard item.frame == .globalRelativeAlt || item.frame == .globalRelativeAltInt else { return .unsupportedFrame }
        guard abs(Int64(item.x)) <= 900_000_000 else { return .invalidParam5X }
        guard abs(Int64(item.y)) <= 1_800_000_000 else { return .invalidParam6Y }
        guard item.z >= Float(Int16.min), item.z <= Float(Int16.max) else { return .invalidParam7 }
        return nil
    }

    /// `AC_PolyFence_loader::validate_fence` on a complete upload: the STATUSTEXTs ArduPilot sends
    /// when it refuses the fence (then MISSION_ACK ERROR), empty when the fence is stored.
    static func validateFence(_ items: [MissionItemInt]) -> [String] {
        var expecting: MAVCmd?
        var remaining = 0
        var declared = 0
        var seenReturnPoint = false
        for item in items {
            switch item.command {
            case .navFencePolygonVertexInclusion, .navFencePolygonVertexExclusion:
                let count = Int(item.param1)
                if count < 3 { return ["Invalid vertex count (\(count))", "Fence validation failed"] }
                if remaining == 0 {
                    remaining = count
                    declared = count
                    expecting = item.command
                } else if item.command != expecting {
                    return [
                        "Received incorrect vertex type (want=\(fenceType(expecting)) got=\(fenceType(item.command)))",
                        "Fence validation failed",
                    ]
                } else if count != declared {
                    return ["Unexpected vertex count want=\(declared) got=\(count)", "Fence validation failed"]
                }
                remaining -= 1
            case .navFenceCircleInclusion, .navFenceCircleExclusion:
                if remaining > 0 {
                    return [
                        "Received incorrect type (want=\(fenceType(expecting)) got=\(fenceType(item.command)))",
                        "Fence validation failed",
                    ]
                }
                if !(item.param1 > 0) { return ["Non-positive circle radius", "Fence validation failed"] }
            default:
                if remaining > 0 {
                    return [
                        "Received incorrect type (want=\(fenceType(expecting)) got=\(fenceType(item.command)))",
                        "Fence validation failed",
                    ]
                }
                if seenReturnPoint { return ["Multiple return points", "Fence validation failed"] }
                seenReturnPoint = true
            }
        }
        if remaining > 0 { return ["Incorrect item count", "Fence validation failed"] }
        return []
    }

    /// `AC_PolyFenceType` numbers, as ArduPilot prints them.
    private static func fenceType(_ command: MAVCmd?) -> Int {
        switch command {
        case .navFencePolygonVertexInclusion?: 98
        case .navFencePolygonVertexExclusion?: 97
        case .navFenceCircleExclusion?: 93
        case .navFenceCircleInclusion?: 92
        case .navFenceReturnPoint?: 95
        default: 99
        }
    }
}
