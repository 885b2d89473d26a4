import Foundation

/// Filters and keyset pagination for listing deliveries (oldest first).
public struct DeliveryQuery: Sendable, Hashable {
    /// Restricts to one tenant; nil only for operator views.
    public var businessID: String?
    public var statuses: Set<DeliveryStatus>
    /// Created at or after.
    public var from: Date?
    /// Created strictly before.
    public var to: Date?
    public var limit: Int
    /// Continue after this position (the last row of the previous page).
    public var after: DeliveryCursor?

    public init(
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
