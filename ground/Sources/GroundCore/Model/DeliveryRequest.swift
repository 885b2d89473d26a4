import FleetProtocol

/// What a business sends to book a delivery (`POST /v1/deliveries`).
public struct DeliveryRequest: Codable, Sendable, Hashable {
    public var pickup: GeoPoint
    public var dropoff: GeoPoint
    public var weightKg: Double
    public var size: PackageSize
    public var window: DeliveryWindow?

    public init(pickup: GeoPoint, dropoff: GeoPoint, weightKg: Double, size: PackageSize, window: DeliveryWindow? = nil) {
        self.pickup = pickup
        self.dropoff = dropoff
        self.weightKg = weightKg
        self.size = size
        self.window = window
    }
}
