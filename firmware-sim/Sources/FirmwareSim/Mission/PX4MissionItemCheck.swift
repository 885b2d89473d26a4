import MAVLink

/// What PX4 answers to one uploaded item: PX4-Autopilot src/modules/mavlink/mavlink_mission.cpp,
/// `MavlinkMissionManager::parse_mavlink_mission_item` (frame and command) and
/// `handle_mission_item_both` (checks per mission type).
///
/// Commands with a position are taken only in a global frame, commands without one only in
/// MAV_FRAME_MISSION; any other frame is UNSUPPORTED_FRAME, a command outside the frame's list is
/// UNSUPPORTED.
enum PX4MissionItemCheck {
    /// MAV_CMD_CONDITION_GATE and MAV_CMD_DO_WINCH, not in the generated common set.
    static let conditionGate: UInt16 = 4501
    static let doWinch: UInt16 = 42600

    /// Commands PX4 parses in a global frame.
    static let positional: Set<UInt16> = Set(
        [
            MAVCmd.navWaypoint, .navLoiterUnlim, .navLoiterTime, .navLand, .navTakeoff, .navLoiterToAlt,
            .navRoi, .doSetRoi, .doSetRoiLocation, .navVtolTakeoff, .navVtolLand, .navFenceReturnPoint,
            .navFencePolygonVertexInclusion, .navFencePolygonVertexExclusion, .navFenceCircleInclusion,
            .navFenceCircleExclusion, .navRallyPoint, .componentArmDisarm, .doAutotuneEnable,
        ].map(\.rawValue) + [conditionGate])

    /// Commands PX4 parses in MAV_FRAME_MISSION.
    static let positionless: Set<UInt16> = Set(
        [
            MAVCmd.doJump, .navRoi, .doSetRoi, .doGripper, .doChangeSpeed, .doSetHome, .doLandStart,
            .doTriggerControl, .doDigicamControl, .doMountConfigure, .doMountControl, .doGimbalManagerPitchyaw,
            .setCameraFocus, .doGimbalManagerConfigure, .imageStartCapture, .imageStopCapture,
            .videoStartCapture, .videoStopCapture, .doControlVideo, .doSetCamTriggDist, .obliqueSurvey,
            .doSetCamTriggInterval, .setCameraMode, .setCameraSource, .doVtolTransition, .navDelay,
            .navReturnToLaunch, .doSetRoiWpnextOffset, .doSetRoiNone, .conditionDelay, .conditionDistance,
            .doSetActuator, .doAutotuneEnable, .componentArmDisarm,
        ].map(\.rawValue) + [doWinch])

    static let fenceAndRally: Set<UInt16> = Set(
        [
            MAVCmd.navFencePolygonVertexInclusion, .navFencePolygonVertexExclusion, .navFenceCircleInclusion,
            .navFenceCircleExclusion, .navRallyPoint,
        ].map(\.rawValue))

    /// `parse_mavlink_mission_item`: nil when PX4 takes the item. `integer` is true for
    /// MISSION_ITEM_INT (PX4's `_int_mode`): only then are the *_INT frames global frames.
    static func parse(_ item: MissionItemInt, integer: Bool) -> MAVMissionResult? {
        let command = item.command.rawValue
        switch item.frame {
        case .global, .globalRelativeAlt,
            .globalInt where integer, .globalRelativeAltInt where integer:
            guard positional.contains(command) else { return .unsupported }
            if item.command == .navRoi || item.command == .doSetRoi {
                // MAV_ROI_LOCATION (3) or MAV_ROI_NONE (0) only.
                let mode = Int(item.param1)
                guard mode == 3 || mode == 0 else { return .invalidParam1 }
            }
            return nil
        case .mission:
            guard positionless.contains(command) else { return .unsupported }
            if item.command == .navRoi || item.command == .doSetRoi {
                // MAV_ROI_NONE, MAV_ROI_WPNEXT, MAV_ROI_WPINDEX.
                guard (0...2).contains(Int(item.param1)) else { return .invalidParam1 }
            }
            return nil
        default:
            return .unsupportedFrame
        }
    }

    /// `handle_mission_item_both` after parsing: the MISSION_ACK result for an item of `type`,
    /// nil when it is stored.
    static func check(_ item: MissionItemInt, integer: Bool, type: MAVMissionType) -> MAVMissionResult? {
        if let refusal = parse(item, integer: integer) { return refusal }
        switch type {
        case .mission:
            // "hardening against wrong client implementations"
            return fenceAndRally.contains(item.command.rawValue) ? .error : nil
        case .fence:
            let polygon =
                item.command == .navFencePolygonVertexInclusion || item.command == .navFencePolygonVertexExclusion
            // vertex_count = (uint16_t)(param1 + 0.5f); fewer than 3 fails the feasibility check.
            return polygon && !(item.param1 + 0.5 >= 3) ? .error : nil
        default:
            return nil
        }
    }
}
