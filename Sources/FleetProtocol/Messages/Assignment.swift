/// A delivery job for one drone: fly home → pickup (land, load) → dropoff (release) → home.
public struct Assignment: Codable, Hashable, Sendable {
    public var assignmentID: String
    public var deliveryID: String
    public var pickup: GeoPoint
    public var dropoff: GeoPoint
    /// Payload mass in kilograms (≥ 0).
    public var payloadKg: Double
    /// Cruise altitude above home, metres (> 0, ≤ 500).
    public var cruiseAltitudeM: Double
    /// Time on the ground at the pickup for loading, seconds (≥ 0).
    public var loadingSeconds: Double
    /// Optional requested delivery window.
    public var window: TimeWindow?
    /// The legs routed around no-fly zones; nil or straight legs fly direct.
    public var route: Route?
    /// The fences to upload to the autopilot before the flight.
    public var airspace: Airspace?

    public init(
        assignmentID: String, deliveryID: String, pickup: GeoPoint, dropoff: GeoPoint, payloadKg: Double,
        cruiseAltitudeM: Double = VehicleProfile.default.defaultCruiseAltitudeM,
        loadingSeconds: Double = VehicleProfile.default.loadingSeconds, window: TimeWindow? = nil,
        route: Route? = nil, airspace: Airspace? = nil
    ) {
        self.assignmentID = assignmentID
        self.deliveryID = deliveryID
        self.pickup = pickup
        self.dropoff = dropoff
        self.payloadKg = payloadKg
        self.cruiseAltitudeM = cruiseAltitudeM
        self.loadingSeconds = loadingSeconds
        self.window = window
        self.route = route
        self.airspace = airspace
    }

    public func validate(at path: String) throws(ProtocolError) {
        try Check.identifier(assignmentID, CodingPath.join(path, "assignmentId"))
        try Check.identifier(deliveryID, CodingPath.join(path, "deliveryId"))
        try pickup.validate(at: CodingPath.join(path, "pickup"))
        try dropoff.validate(at: CodingPath.join(path, "dropoff"))
        try Check.nonNegative(payloadKg, CodingPath.join(path, "payloadKg"))
        try Check.positive(cruiseAltitudeM, CodingPath.join(path, "cruiseAltitudeM"))
        try Check.range(cruiseAltitudeM, 0...500, CodingPath.join(path, "cruiseAltitudeM"))
        try Check.nonNegative(loadingSeconds, CodingPath.join(path, "loadingSeconds"))
        try window?.validate(at: CodingPath.join(path, "window"))
        try route?.validate(at: CodingPath.join(path, "route"))
        try airspace?.validate(at: CodingPath.join(path, "airspace"))
    }
    enum CodingKeys: String, CodingKey {
        case assignmentID = "assignmentId"
        case deliveryID = "deliveryId"
        case pickup, dropoff, payloadKg, cruiseAltitudeM, loadingSeconds, window, route, airspace
    }
}
