import FleetProtocol
import Foundation
import GroundCore

/// Telemetry collected during one ingest batch, applied in one go.
struct TelemetryBatch {
    /// Newest sample per drone, for the live registry.
    var latest: [String: Telemetry] = [:]
    /// Every sample, for the (downsampled) history.
    var samples: [TelemetrySample] = []
    /// Drone → delivery it is flying, for the registry.
    var deliveries: [String: String] = [:]
    /// Samples taken from the broker in this batch (not relayed ones), to relay to the other instances.
    var handled: [Telemetry] = []
    /// Samples this instance took directly (counted and stored); relayed ones only feed `latest`.
    var count = 0
    /// When the batch's first telemetry message was read from the broker (its ingest lag is the batch's worst).
    var oldestReceivedAt: ContinuousClock.Instant?

    /// Empties the batch for the next one, keeping the collections' storage: at thousands of drones a
    /// batch fills `latest` with hundreds of entries, and growing it again every batch re-hashes them.
    mutating func clear() {
        latest.removeAll(keepingCapacity: true)
        samples.removeAll(keepingCapacity: true)
        deliveries.removeAll(keepingCapacity: true)
        handled.removeAll(keepingCapacity: true)
        count = 0
        oldestReceivedAt = nil
    }

    /// Makes `sample` its drone's entry in ``latest`` unless that entry is newer: one lookup (a drone
    /// new to the batch gets `sample` itself).
    mutating func keepLatest(_ sample: Telemetry) {
        Self.keepNewer(&latest[sample.droneID.rawValue, default: sample], sample)
    }

    private static func keepNewer(_ kept: inout Telemetry, _ sample: Telemetry) {
        if kept.timeMs <= sample.timeMs { kept = sample }
    }
}
