/// Fleet analytics over a time window; Codable for the JSON API, see `csv()` for CSV.
package struct AnalyticsReport: Sendable, Hashable, Codable {
    /// Delivered count for one UTC day (`yyyy-MM-dd`).
    package struct DayCount: Sendable, Hashable, Codable {
        package var day: String
        package var delivered: Int
    }

    /// Flight time over the window for one drone.
    package struct DroneUtilisation: Sendable, Hashable, Codable {
        package var droneID: String
        package var flightSeconds: Double
        /// `flightSeconds / window length`, 0…1.
        package var utilisation: Double
    }

    package var windowStart: Double
    package var windowEnd: Double
    package var totalDeliveries: Int
    package var deliveredCount: Int
    package var cancelledCount: Int
    package var failedCount: Int
    package var deliveriesPerDay: [DayCount]
    /// Request → payload release, seconds, over delivered records.
    package var meanDeliverySeconds: Double?
    package var p95DeliverySeconds: Double?
    /// Share of delivered records released no later than first ETA + tolerance.
    package var onTimeRate: Double?
    package var onTimeToleranceSeconds: Double
    /// Of the records whose booking had a deadline and that are delivered or past it: the share released
    /// by the deadline (what the customer was promised). A booking past its deadline and not delivered
    /// counts as missed.
    package var deadlineMetRate: Double?
    /// Records the deadline share is over.
    package var withDeadlineCount: Int = 0
    /// Actual − first ETA, seconds (positive = late).
    package var etaMeanAbsoluteErrorSeconds: Double?
    package var etaMeanSignedErrorSeconds: Double?
    package var etaP95AbsoluteErrorSeconds: Double?
    package var droneUtilisation: [DroneUtilisation]
    package var meanEnergyPerDeliveryWh: Double?
}
