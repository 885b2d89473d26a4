import FleetProtocol

/// The one routing step of dispatch (``AirspaceRouter/plan(from:pickup:dropoff:home:)``): a delivery's
/// path around the zones, with the fences it is flown with.
package struct RoutedDelivery: Sendable, Hashable {
    /// Waypoints per leg and the routed lengths.
    package var path: DeliveryRoute
    /// What the assignment uploads as fences.
    package var airspace: Airspace

    package init(path: DeliveryRoute, airspace: Airspace) {
        self.path = path
        self.airspace = airspace
    }
}
