import Foundation

/// Filters and keyset pagination for listing deliveries (oldest first).
package struct DeliveryQuery: Sendable, Hashable {
    /// Restricts to one tenant; nil only for operator views.
    package var businessID: String?
    package var statuses: Set<DeliveryStatus>
    /// Created at or after.
    package var from: Date?
    /// Created strictly before.
    package var to: Date?
    package var limit: Int
    /// Continue after this position (the last row of the previous page).
    package var after: DeliveryCursor?

    package init(
        businessID: String? = nil, statuses: Set<DeliveryStatus> = [], from: Date? = nil, to: Date? = nil,
        limit: Int = 50, after: DeliveryCursor? = nil
    ) {
        self.businessID = businessID
        self.statuses = statuses
        self.from = from
        self.to = to
        self.limit = limit
        self.after = after
    }
}
