import Foundation

/// Wear a drone's stored telemetry shows: airborne time and battery cycles.
package struct FlightUsage: Sendable, Hashable {
    /// Seconds airborne (armed and not on the ground), summed between consecutive samples.
    package var airborneSeconds: Double
    /// Full-equivalent battery cycles: the depth of every discharge, in percent, over 100.
    package var batteryCycles: Double
    /// Charges seen: the battery rising again after a discharge.
    package var charges: Int
    /// The oldest sample measured (nil: none).
    package var from: Date?

    package init(airborneSeconds: Double = 0, batteryCycles: Double = 0, charges: Int = 0, from: Date? = nil) {
        self.airborneSeconds = airborneSeconds
        self.batteryCycles = batteryCycles
        self.charges = charges
        self.from = from
    }

    package var flightHours: Double { airborneSeconds / 3600 }

    /// A rise of at least this many percentage points over the lowest level since the last charge is a
    /// charge; smaller ones are the reading's jitter and neither end a discharge nor add to it.
    package static let chargeHysteresis = 2.0

    /// Measures `samples` (one drone's, oldest first). A gap longer than `maxGap` seconds between two
    /// samples (a link outage, ground down) is not counted as airborne: what happened in it is unknown.
    package static func measure(_ samples: [TelemetrySample], maxGap: TimeInterval) -> FlightUsage {
        var usage = FlightUsage(from: samples.first?.time)
        for (a, b) in zip(samples, samples.dropFirst()) where a.airborne == true {
            let gap = b.time.timeIntervalSince(a.time)
            if gap > 0, gap <= maxGap { usage.airborneSeconds += gap }
        }
        // Discharge depth per cycle: from the level a discharge started at (`high`) to its lowest (`low`).
        var high: Double?
        var low: Double?
        var depth = 0.0
        for percent in samples.compactMap(\.batteryPercent) where percent.isFinite {
            guard let currentLow = low, let currentHigh = high else {
                (high, low) = (percent, percent)
                continue
            }
            if percent < currentLow {
                low = percent
            } else if percent >= currentLow + chargeHysteresis {
                if currentHigh > currentLow + chargeHysteresis { usage.charges += 1 }
                depth += currentHigh - currentLow
                (high, low) = (percent, percent)
            }
        }
        if let high, let low { depth += high - low }
        usage.batteryCycles = depth / 100
        return usage
    }
}
