import Foundation

/// Pure computations over ``DeliveryRecord`` rows.
package enum DeliveryAnalytics {
    /// Builds the report for records requested in `[windowStart, windowEnd)`.
    ///
    /// A record counts as delivered when it has `deliveredAt` and its status is `delivered` or
    /// `completed`. Percentiles use the nearest-rank method (p95 of 20 values is the 19th).
    package static func report(
        records allRecords: [DeliveryRecord], windowStart: Double, windowEnd: Double,
        onTimeToleranceSeconds: Double = 60
    ) -> AnalyticsReport {
        let records = allRecords.filter { $0.requestedAt >= windowStart && $0.requestedAt < windowEnd }
        let delivered = records.filter { ($0.status == .delivered || $0.status == .completed) && $0.deliveredAt != nil }

        var perDay: [String: Int] = [:]
        for record in delivered { if let at = record.deliveredAt { perDay[day(of: at), default: 0] += 1 } }

        let durations = delivered.compactMap { record in record.deliveredAt.map { $0 - record.requestedAt } }
        let etaErrors = delivered.compactMap { record -> Double? in
            guard let at = record.deliveredAt, let eta = record.firstDropoffETA else { return nil }
            return at - eta
        }
        let onTime = etaErrors.filter { $0 <= onTimeToleranceSeconds }.count
        // Judged once the outcome is known: delivered, or the deadline passed (by the window's end).
        var withDeadline = 0
        var deadlineMet = 0
        let deliveredIDs = Set(delivered.map(\.id))
        for record in records {
            guard let deadline = record.deadline else { continue }
            let deliveredAt = deliveredIDs.contains(record.id) ? record.deliveredAt : nil
            if let at = deliveredAt {
                withDeadline += 1
                if at <= deadline { deadlineMet += 1 }
            } else if deadline < windowEnd, record.status != .cancelled {
                withDeadline += 1
            }
        }

        let window = max(windowEnd - windowStart, 0)
        var flight: [String: Double] = [:]
        for record in records {
            if let drone = record.droneID, let seconds = record.flightSeconds { flight[drone, default: 0] += seconds }
        }
        let utilisation = flight.keys.sorted().map { drone in
            AnalyticsReport.DroneUtilisation(
                droneID: drone, flightSeconds: flight[drone] ?? 0,
                utilisation: window > 0 ? min(1, (flight[drone] ?? 0) / window) : 0)
        }
        let energies = delivered.compactMap(\.energyUsedWh)

        return AnalyticsReport(
            windowStart: windowStart, windowEnd: windowEnd,
            totalDeliveries: records.count, deliveredCount: delivered.count,
            cancelledCount: records.filter { $0.status == .cancelled }.count,
            failedCount: records.filter { $0.status == .failed }.count,
            deliveriesPerDay: perDay.keys.sorted().map { .init(day: $0, delivered: perDay[$0] ?? 0) },
            meanDeliverySeconds: mean(durations), p95DeliverySeconds: percentile95(durations),
            onTimeRate: etaErrors.isEmpty ? nil : Double(onTime) / Double(etaErrors.count),
            onTimeToleranceSeconds: onTimeToleranceSeconds,
            deadlineMetRate: withDeadline == 0 ? nil : Double(deadlineMet) / Double(withDeadline),
            withDeadlineCount: withDeadline,
            etaMeanAbsoluteErrorSeconds: mean(etaErrors.map(abs)),
            etaMeanSignedErrorSeconds: mean(etaErrors),
            etaP95AbsoluteErrorSeconds: percentile95(etaErrors.map(abs)),
            droneUtilisation: utilisation,
            meanEnergyPerDeliveryWh: mean(energies))
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Nearest-rank 95th percentile.
    static func percentile95(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((0.95 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// UTC calendar day, `yyyy-MM-dd`.
    static func day(of time: Double) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: time))
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
