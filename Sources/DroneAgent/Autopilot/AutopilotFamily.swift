import MAVLink

/// The flight-controller firmware families the agent can fly, told apart by HEARTBEAT `autopilot`.
public enum AutopilotFamily: String, Codable, Sendable, CaseIterable {
    /// PX4 (MAV_AUTOPILOT_PX4 = 12).
    case px4
    /// ArduPilot, flown as ArduCopter (MAV_AUTOPILOT_ARDUPILOTMEGA = 3).
    case ardupilot

    /// The family for a HEARTBEAT `autopilot` value, nil for one the agent has no adapter for.
    public init?(autopilot: MAVAutopilot) {
        switch autopilot.rawValue {
        case 12: self = .px4
        case 3: self = .ardupilot
        default: return nil
        }
    }

    /// The adapter that speaks this family's dialect.
    public var adapter: any AutopilotAdapter {
        switch self {
        case .px4: PX4Adapter()
        case .ardupilot: ArduPilotAdapter()
        }
    }
}
