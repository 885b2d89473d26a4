/// What a business sends to book a delivery (`POST /v1/deliveries`).
public struct DeliveryRequest: Codable, Sendable, Hashable {
    public var pickup: Coordinate
    public var dropoff: Coordinate
    public var weightKg: Double
    public var size: PackageSize
    public var window: TimeWindow?

    public init(pickup: Coordinate, dropoff: Coordinate, weightKg: Double, size: PackageSize, window: TimeWindow? = nil) {
        self.pickup = pickup
        self.dropoff = dropoff
        self.weightKg = weightKg
        self.size = size
        self.window = window
    }
}
