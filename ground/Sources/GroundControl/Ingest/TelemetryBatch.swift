import FleetProtocol
import Foundation

/// Telemetry collected during one ingest batch, applied in one go.
struct TelemetryBatch {
    /// Newest sample per drone, for the live registry.
    var latest: [String: Telemetry] = [:]
    /// Every sample, for the (downsampled) history.
    var samples: [TelemetrySample] = []
    /// Drone → delivery it is flying, for the registry.
    var deliveries: [String: String] = [:]
    var count = 0
}
