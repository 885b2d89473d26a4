import FleetProtocol
import Foundation

/// What a business sends to book a delivery (`POST /v1/deliveries`).
package struct DeliveryRequest: Codable, Sendable, Hashable {
    package var pickup: GeoPoint
    package var dropoff: GeoPoint
    package var weightKg: Double
    package var size: PackageSize
    /// The pickup window: earliest and latest pickup.
    package var window: DeliveryWindow?
    /// Latest dropoff (optional).
    package var deadline: Date?
    /// `standard` when left out.
    package var priority: DeliveryPriority?

    package init(
        pickup: GeoPoint, dropoff: GeoPoint, weightKg: Double, size: PackageSize, window: DeliveryWindow? = nil,
        deadline: Date? = nil, priority: DeliveryPriority? = nil
    ) {
        self.pickup = pickup
        self.dropoff = dropoff
        self.weightKg = weightKg
        self.size = size
        self.window = window
        self.deadline = deadline
        self.priority = priority
    }
}
