import Foundation

/// Produces the analytics report for a time range. The scheduler/analytics module supplies the
/// aggregate report; ``DeliveryExportAnalytics`` is the per-delivery export used until it is wired.
public protocol AnalyticsSource: Sendable {
    func report(from: Date, to: Date) async throws -> AnalyticsTable
}
