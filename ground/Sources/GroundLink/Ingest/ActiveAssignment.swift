import FleetProtocol

/// What the ingest needs to attribute a drone's messages to a delivery.
struct ActiveAssignment: Sendable {
    var deliveryID: String
    var droneID: String
    var pickup: GeoPoint
    var dropoff: GeoPoint
    var payloadKg: Double
}
