/// The firmware a simulated vehicle imitates, and the release-dependent behaviour within it.
public struct AutopilotPersonality: Sendable, Hashable, Codable {
    public var family: AutopilotFamily
    /// Only read by the PX4 family.
    public var px4MissionState: PX4MissionStateReporting

    public init(family: AutopilotFamily = .px4, px4MissionState: PX4MissionStateReporting = .reported) {
        self.family = family
        self.px4MissionState = px4MissionState
    }

    public static let px4 = AutopilotPersonality(family: .px4)
    public static let px4Legacy = AutopilotPersonality(family: .px4, px4MissionState: .legacy)
    public static let ardupilot = AutopilotPersonality(family: .ardupilot)
}
