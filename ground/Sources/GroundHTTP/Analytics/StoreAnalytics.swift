import Foundation
import GroundAPIModel
import GroundCore

/// Analytics over the deliveries in the store: the ``DeliveryAnalytics`` report and a
/// per-delivery export with the timing and energy columns it uses.
package struct StoreAnalytics: AnalyticsSource {
    let store: any GroundStore
    /// A delivery released at most this long after its first ETA counts as on time.
    let onTimeToleranceSeconds: Double

    package init(store: any GroundStore, onTimeToleranceSeconds: Double = 60) {
        self.store = store
        self.onTimeToleranceSeconds = onTimeToleranceSeconds
    }

    package func report(from: Date, to: Date) async throws -> AnalyticsReport {
        let deliveries = try await store.analyticsDeliveries(from: from, to: to)
        return DeliveryAnalytics.report(
            records: deliveries.map(DeliveryRecord.init), windowStart: from.timeIntervalSince1970,
            windowEnd: to.timeIntervalSince1970, onTimeToleranceSeconds: onTimeToleranceSeconds)
    }

    package func rows(from: Date, to: Date) async throws -> AnalyticsTable {
        let deliveries = try await store.analyticsDeliveries(from: from, to: to)
        func time(_ d: Date?) -> AnalyticsValue { d.map { .text($0.formatted(.iso8601)) } ?? .null }
        func seconds(_ a: Date?, _ b: Date?) -> AnalyticsValue {
            guard let a, let b else { return .null }
            return .number(b.timeIntervalSince(a))
        }
        let rows: [[AnalyticsValue]] = deliveries.map { d in
            let delivered = d.statusTimes[.delivered]
            return [
                .text(d.id), .text(d.businessID), d.assignedDroneID.map(AnalyticsValue.text) ?? .null,
                .text(d.status.rawValue),
                time(d.createdAt), time(d.statusTimes[.scheduled]), time(delivered), time(d.initialETADropoff),
                seconds(d.createdAt, delivered), seconds(d.initialETADropoff, delivered),
                d.energyUsedWh.map(AnalyticsValue.number) ?? .null,
            ]
        }
        return AnalyticsTable(
            columns: [
                "deliveryId", "businessId", "droneId", "status", "createdAt", "scheduledAt", "deliveredAt",
                "initialEtaDropoff", "deliverySeconds", "etaErrorSeconds", "energyWh",
            ],
            rows: rows
        )
    }
}
