/// PostgreSQL advisory-lock keys of the ground service: one 64-bit number per purpose, fixed so every
/// instance and release agrees on them.
package enum AdvisoryLockKey: Int64, Sendable {
    /// Held while migrations run, so instances starting together migrate one after the other.
    case migrations = 0x534B_5952_0000_0001
    /// Held by the scheduler leader's session for as long as it leads.
    case schedulerLeader = 0x534B_5952_0000_0002
    /// Held (per transaction) while a day's telemetry partition is created.
    case telemetryPartitions = 0x534B_5952_0000_0003

    /// First half of the two-key per-drone transaction locks (the second is a hash of the drone id)
    /// that keep telemetry downsampling consistent when several instances ingest the same drone.
    package static let telemetryNamespace: Int32 = 0x534B_5952
}
