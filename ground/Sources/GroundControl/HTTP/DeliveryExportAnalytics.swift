import Foundation

/// One row per delivery created in the range, with the timing and energy columns analytics needs.
public struct DeliveryExportAnalytics: AnalyticsSource {
    let store: any GroundStore

    public init(store: any GroundStore) {
        self.store = store
    }

    public func report(from: Date, to: Date) async throws -> AnalyticsTable {
        let deliveries = try await store.analyticsDeliveries(from: from, to: to)
        func time(_ d: Date?) -> AnalyticsValue { d.map { .text($0.formatted(.iso8601)) } ?? .null }
        func seconds(_ a: Date?, _ b: Date?) -> AnalyticsValue {
            guard let a, let b else { return .null }
            return .number(b.timeIntervalSince(a))
        }
        let rows: [[AnalyticsValue]] = deliveries.map { d in
            let delivered = d.statusTimes[.delivered]
            return [
                .text(d.id), .text(d.businessID), d.assignedDroneID.map(AnalyticsValue.text) ?? .null, .text(d.status.rawValue),
                time(d.createdAt), time(d.statusTimes[.scheduled]), time(delivered), time(d.initialETADropoff),
                seconds(d.createdAt, delivered), seconds(d.initialETADropoff, delivered),
                d.energyUsedWh.map(AnalyticsValue.number) ?? .null,
            ]
        }
        return AnalyticsTable(
            columns: ["deliveryId", "businessId", "droneId", "status", "createdAt", "scheduledAt", "deliveredAt",
                      "initialEtaDropoff", "deliverySeconds", "etaErrorSeconds", "energyWh"],
            rows: rows
        )
    }
}
