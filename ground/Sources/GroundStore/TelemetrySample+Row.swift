import Foundation
import GroundCore

extension TelemetrySample {
    /// The `telemetry_samples` columns, in the order of ``columnValues``.
    static let columns = ["drone_id", "time", "lat", "lon", "alt", "battery", "ground_speed", "heading", "airborne"]

    /// Builds a sample from a `telemetry_samples` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        self.init(
            droneID: try row.text("drone_id"), time: Date(timeIntervalSince1970: try row.double("time")),
            lat: try row.double("lat"), lon: try row.double("lon"), alt: try row.double("alt"),
            batteryPercent: try row.optionalDouble("battery"), groundSpeed: try row.optionalDouble("ground_speed"),
            heading: try row.optionalDouble("heading"), airborne: try row.optionalInteger("airborne").map { $0 != 0 }
        )
    }

    var columnValues: [StoreValue] {
        [
            .text(droneID), .double(time.timeIntervalSince1970), .double(lat), .double(lon), .double(alt),
            .double(batteryPercent), .double(groundSpeed), .double(heading), .integer(airborne.map { $0 ? 1 : 0 }),
        ]
    }

    /// Keeps at most one sample per drone per `interval` seconds, continuing from the newest stored
    /// time of each drone (`latest`), so the spacing holds across batches, restarts and instances.
    /// An interval of 0 keeps every sample, also one older than the newest stored (instances sharing
    /// the stream commit their batches in any order); the (drone, time) key still drops exact repeats.
    static func downsample(_ samples: [TelemetrySample], latest: [String: Double], interval: Double)
        -> [TelemetrySample]
    {
        // In key order either way: the inserts then walk the (drone, time) index in order.
        let ordered = samples.sorted { ($0.droneID, $0.time) < ($1.droneID, $1.time) }
        guard interval > 0 else { return ordered }
        var lastKept = latest
        var kept: [TelemetrySample] = []
        for sample in ordered {
            let time = sample.time.timeIntervalSince1970
            if let previous = lastKept[sample.droneID], time < previous + interval { continue }
            lastKept[sample.droneID] = time
            kept.append(sample)
        }
        return kept
    }
}
