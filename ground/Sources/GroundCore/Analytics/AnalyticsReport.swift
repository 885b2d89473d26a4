/// Fleet analytics over a time window; Codable for the JSON API, see `csv()` for CSV.
public struct AnalyticsReport: Sendable, Hashable, Codable {
    /// Delivered count for one UTC day (`yyyy-MM-dd`).
    public struct DayCount: Sendable, Hashable, Codable {
        public var day: String
        public var delivered: Int
    }

    /// Flight time over the window for one drone.
    public struct DroneUtilisation: Sendable, Hashable, Codable {
        public var droneID: String
        public var flightSeconds: Double
        /// `flightSeconds / window length`, 0…1.
        public var utilisation: Double
    }

    public var windowStart: Double
    public var windowEnd: Double
    public var totalDeliveries: Int
    public var deliveredCount: Int
    public var cancelledCount: Int
    public var failedCount: Int
    public var deliveriesPerDay: [DayCount]
    /// Request → payload release, seconds, over delivered records.
    public var meanDeliverySeconds: Double?
    public var p95DeliverySeconds: Double?
    /// Share of delivered records released no later than first ETA + tolerance.
    public var onTimeRate: Double?
    public var onTimeToleranceSeconds: Double
    /// Actual − first ETA, seconds (positive = late).
    public var etaMeanAbsoluteErrorSeconds: Double?
    public var etaMeanSignedErrorSeconds: Double?
    public var etaP95AbsoluteErrorSeconds: Double?
    public var droneUtilisation: [DroneUtilisation]
    public var meanEnergyPerDeliveryWh: Double?
}
