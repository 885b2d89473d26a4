/// Which firmware a simulated vehicle behaves as: its mode numbers, mission protocol replies,
/// refusals and STATUSTEXTs follow that firmware's source (docs/firmware-sim.md lists each rule).
public enum AutopilotFamily: String, Sendable, Hashable, CaseIterable, Codable {
    /// PX4 multicopter (HEARTBEAT autopilot MAV_AUTOPILOT_PX4).
    case px4
    /// ArduCopter (HEARTBEAT autopilot MAV_AUTOPILOT_ARDUPILOTMEGA).
    case ardupilot
}
