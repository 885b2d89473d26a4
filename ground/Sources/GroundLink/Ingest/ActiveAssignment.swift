import FleetProtocol

/// What the ingest needs to attribute a drone's messages to a delivery.
struct ActiveAssignment: Sendable {
    var deliveryID: String
    var droneID: String
    var pickup: GeoPoint
    var dropoff: GeoPoint
    var payloadKg: Double
    /// The path around the no-fly zones the drone flies (nil: straight), for the live ETA.
    var route: Assignment.Route? = nil
}
