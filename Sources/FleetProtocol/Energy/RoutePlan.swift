/// The route of one assignment: home → pickup (land, load) → dropoff (release from low hover) → home.
public struct RoutePlan: Hashable, Sendable {
    public var home: GeoPoint
    public var pickup: GeoPoint
    public var dropoff: GeoPoint
    public var payloadKg: Double
    /// Cruise altitude above home, metres.
    public var cruiseAltitudeM: Double
    public var loadingSeconds: Double

    public init(
        home: GeoPoint, pickup: GeoPoint, dropoff: GeoPoint, payloadKg: Double, cruiseAltitudeM: Double,
        loadingSeconds: Double
    ) {
        self.home = home
        self.pickup = pickup
        self.dropoff = dropoff
        self.payloadKg = payloadKg
        self.cruiseAltitudeM = cruiseAltitudeM
        self.loadingSeconds = loadingSeconds
    }

    /// The route `vehicle` flies at its own cruise altitude with its own loading time (what ground plans
    /// and sends in the assignment).
    public init(home: GeoPoint, pickup: GeoPoint, dropoff: GeoPoint, payloadKg: Double, vehicle: VehicleProfile) {
        self.init(
            home: home, pickup: pickup, dropoff: dropoff, payloadKg: payloadKg,
            cruiseAltitudeM: vehicle.defaultCruiseAltitudeM, loadingSeconds: vehicle.loadingSeconds)
    }

    /// The route an assignment flies from `home`.
    public init(assignment: Assignment, home: GeoPoint) {
        self.init(
            home: home, pickup: assignment.pickup, dropoff: assignment.dropoff, payloadKg: assignment.payloadKg,
            cruiseAltitudeM: assignment.cruiseAltitudeM, loadingSeconds: assignment.loadingSeconds)
    }

    /// Every waypoint, in flight order (for geofence checks use the legs: home→pickup, pickup→dropoff, dropoff→home).
    public var waypoints: [GeoPoint] { [home, pickup, dropoff, home] }
}
