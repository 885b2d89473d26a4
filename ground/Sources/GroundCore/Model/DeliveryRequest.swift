import FleetProtocol

/// What a business sends to book a delivery (`POST /v1/deliveries`).
package struct DeliveryRequest: Codable, Sendable, Hashable {
    package var pickup: GeoPoint
    package var dropoff: GeoPoint
    package var weightKg: Double
    package var size: PackageSize
    package var window: DeliveryWindow?

    package init(
        pickup: GeoPoint, dropoff: GeoPoint, weightKg: Double, size: PackageSize, window: DeliveryWindow? = nil
    ) {
        self.pickup = pickup
        self.dropoff = dropoff
        self.weightKg = weightKg
        self.size = size
        self.window = window
    }
}
