/// Bounds a delivery request must respect.
public struct DeliveryLimits: Sendable, Hashable {
    /// Heaviest package any drone of the fleet can lift (SR-Quad: 2.5 kg).
    public var maxWeightKg: Double
    /// Longest pickup-to-dropoff leg accepted, metres.
    public var maxLegMeters: Double

    public static let `default` = DeliveryLimits(maxWeightKg: 2.5, maxLegMeters: 20_000)

    public init(maxWeightKg: Double, maxLegMeters: Double) {
        self.maxWeightKg = maxWeightKg
        self.maxLegMeters = maxLegMeters
    }
}
