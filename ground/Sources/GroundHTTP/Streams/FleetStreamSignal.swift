/// What wakes a fleet stream: drones changed (their frames wait in ``FleetStreamFanout``), or the
/// fleet was quiet for a heartbeat interval.
enum FleetStreamSignal: Sendable {
    case changed
    case heartbeat
}
