/// Bounds a delivery request must respect.
package struct DeliveryLimits: Sendable, Hashable {
    /// Heaviest package any drone of the fleet can lift (SR-Quad: 2.5 kg).
    package var maxWeightKg: Double
    /// Longest pickup-to-dropoff leg accepted, metres.
    package var maxLegMeters: Double
    /// Fastest cruise speed in the fleet, m/s: bounds the earliest possible dropoff a deadline must allow.
    package var maxCruiseSpeedMps: Double

    package static let `default` = DeliveryLimits(maxWeightKg: 2.5, maxLegMeters: 20_000)

    package init(maxWeightKg: Double, maxLegMeters: Double, maxCruiseSpeedMps: Double = 15) {
        self.maxWeightKg = maxWeightKg
        self.maxLegMeters = maxLegMeters
        self.maxCruiseSpeedMps = maxCruiseSpeedMps
    }
}
