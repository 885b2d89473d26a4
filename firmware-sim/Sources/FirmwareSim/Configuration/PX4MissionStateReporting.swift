/// How a PX4 personality fills MISSION_CURRENT.mission_state.
///
/// Released PX4 up to 1.15 sends the field as 0 (unknown); newer releases fill it from the
/// navigator's mission result (src/modules/mavlink/streams/MISSION_CURRENT.hpp).
public enum PX4MissionStateReporting: String, Sendable, Hashable, CaseIterable, Codable {
    /// PX4 <= 1.15: mission_state always 0.
    case legacy
    /// Newer PX4: NO_MISSION, NOT_STARTED, ACTIVE, COMPLETE.
    case reported
}
