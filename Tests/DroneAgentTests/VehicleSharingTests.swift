import DroneAgent
import MAVLink
import Testing

/// The agent shares the vehicle with a second ground station: only the autopilot's reports shape its
/// picture, only answers addressed to it count, and another station's mission upload is noticed.
@Suite("Sharing the vehicle")
struct VehicleSharingTests {
    static func frame(_ message: some MAVLinkMessage, system: UInt8 = 1, component: UInt8 = 1) -> MAVLinkFrame {
        var payload: [UInt8] = []
        message.encodePayload(into: &payload)
        return MAVLinkFrame(
            sequence: 0, systemID: system, componentID: component, messageID: type(of: message).messageID,
            payload: payload)
    }

    static func autopilot(_ autopilot: MAVAutopilot, customMode: UInt32 = 0) -> VehicleState {
        var vehicle = VehicleState()
        vehicle.apply(
            frame(
                Heartbeat(
                    type: .quadrotor, autopilot: autopilot, baseMode: MAVModeFlag(rawValue: 0), customMode: customMode,
                    systemStatus: MAVState(rawValue: 4))))
        return vehicle
    }

    @Test("the family and mode come from the autopilot's heartbeat; a GCS heartbeat changes nothing")
    func heartbeats() {
        var vehicle = Self.autopilot(.ardupilotmega, customMode: 6)
        #expect(vehicle.family == .ardupilot && vehicle.mode == FlightMode(.returnToLaunch, name: "rtl"))
        vehicle.apply(
            Self.frame(
                Heartbeat(
                    type: .gcs, autopilot: .invalid, baseMode: MAVModeFlag(rawValue: 0), customMode: 0,
                    systemStatus: MAVState(rawValue: 4)), system: 255, component: 190))
        #expect(vehicle.family == .ardupilot && vehicle.componentID == 1)
        #expect(Self.autopilot(MAVAutopilot(rawValue: 12), customMode: 4 << 16 | 4 << 24).mode.kind == .mission)
        #expect(Self.autopilot(.generic).unsupportedAutopilot != nil)
    }

    @Test("reports from another component of the vehicle's system do not move the mission progress")
    func otherComponents() {
        var vehicle = Self.autopilot(MAVAutopilot(rawValue: 12))
        vehicle.apply(Self.frame(MissionCurrent(seq: 7, total: 9, missionState: 3), component: 154))
        #expect(!vehicle.mission.reported)
        vehicle.apply(Self.frame(MissionCurrent(seq: 2, total: 12, missionState: 3)))
        #expect(vehicle.mission.current == 2 && vehicle.mission.total == 12)
    }

    @Test(
        "another station's MISSION_COUNT to the vehicle is remembered with who sent it; fence uploads are not missions")
    func foreignUpload() {
        var vehicle = Self.autopilot(MAVAutopilot(rawValue: 12))
        vehicle.apply(
            Self.frame(
                MissionCount(targetSystem: 1, targetComponent: 1, count: 3, missionType: .fence), system: 255,
                component: 190))
        #expect(vehicle.foreignMissionUpload == nil)
        vehicle.apply(
            Self.frame(
                MissionCount(targetSystem: 1, targetComponent: 1, count: 3, missionType: .mission), system: 255,
                component: 190))
        #expect(
            vehicle.foreignMissionUpload == ForeignMissionUpload(serial: 1, systemID: 255, componentID: 190, count: 3))
        #expect(
            vehicle.foreignMissionUpload?.description
                == "mission of 3 items uploaded by another ground station (sysid 255, compid 190)")
    }

    @Test("answers addressed to another component are not the agent's; broadcast and its own are")
    func addressing() {
        #expect(AutopilotLink.addressedToUs(system: 1, component: 191, vehicle: 1))
        #expect(AutopilotLink.addressedToUs(system: 7, component: 191, vehicle: 7), "on the vehicle's own system id")
        #expect(AutopilotLink.addressedToUs(system: 0, component: 0, vehicle: 1))
        #expect(!AutopilotLink.addressedToUs(system: 255, component: 190, vehicle: 1))
        #expect(!AutopilotLink.addressedToUs(system: 1, component: 190, vehicle: 1))
        #expect(!AutopilotLink.addressedToUs(system: 1, component: 191, vehicle: 7))
    }
}
