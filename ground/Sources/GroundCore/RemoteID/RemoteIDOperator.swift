import FleetProtocol

/// Who flies the fleet, as network Remote ID reports it: the registered operator id (EU: the
/// operator registration number) and the operator's (control station's) location.
package struct RemoteIDOperator: Sendable, Hashable, Codable {
    package var operatorID: String
    package var location: GeoPoint?

    package init(operatorID: String, location: GeoPoint? = nil) {
        self.operatorID = operatorID
        self.location = location
    }

    /// An operator at `lat`/`lon` (degrees).
    package init(operatorID: String, lat: Double, lon: Double) {
        self.init(operatorID: operatorID, location: GeoPoint(lat: lat, lon: lon))
    }
}
