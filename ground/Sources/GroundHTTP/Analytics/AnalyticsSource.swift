import Foundation
import GroundCore

/// Produces the analytics for a time range: the aggregate report (deliveries per day, mean/p95
/// delivery time, on-time rate against the first ETA, ETA error, utilisation, energy) and the
/// per-delivery rows it is computed from. ``StoreAnalytics`` is the implementation over the store.
package protocol AnalyticsSource: Sendable {
    /// Aggregates over the deliveries requested in `[from, to)`.
    func report(from: Date, to: Date) async throws -> AnalyticsReport
    /// One row per delivery requested in `[from, to)`.
    func rows(from: Date, to: Date) async throws -> AnalyticsTable
}
