/// How much telemetry history the store keeps.
package struct TelemetryRetentionPolicy: Sendable, Hashable {
    /// At most one sample per drone is kept per this many seconds; the rest of a batch is dropped.
    package var sampleInterval: Double
    /// Samples older than this many seconds are deleted by ``GroundStore/pruneTelemetry(before:)``.
    package var retention: Double

    /// One sample per 5 s, kept 30 days.
    package static let `default` = TelemetryRetentionPolicy(sampleInterval: 5, retention: 30 * 24 * 3600)

    package init(sampleInterval: Double, retention: Double) {
        self.sampleInterval = sampleInterval
        self.retention = retention
    }
}
