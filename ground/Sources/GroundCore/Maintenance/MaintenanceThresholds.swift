/// Wear after which a drone is due for service, counted since its last service.
package struct MaintenanceThresholds: Sendable, Hashable, Codable {
    package var flightHours: Double
    package var batteryCycles: Double

    /// 50 flight hours or 200 battery cycles.
    package static let `default` = MaintenanceThresholds(flightHours: 50, batteryCycles: 200)

    package init(flightHours: Double, batteryCycles: Double) {
        self.flightHours = flightHours
        self.batteryCycles = batteryCycles
    }

    /// The measures `usage` has reached, by their API names (`flightHours`, `batteryCycles`).
    package func due(_ usage: FlightUsage) -> [String] {
        var due: [String] = []
        if usage.flightHours >= flightHours { due.append("flightHours") }
        if usage.batteryCycles >= batteryCycles { due.append("batteryCycles") }
        return due
    }
}
