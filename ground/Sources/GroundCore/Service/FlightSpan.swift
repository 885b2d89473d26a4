import Foundation

/// The part of a drone's stored telemetry and events that belongs to one delivery.
package struct FlightSpan: Sendable, Hashable {
    package var droneID: String
    package var from: Date
    package var to: Date

    package init(droneID: String, from: Date, to: Date) {
        self.droneID = droneID
        self.from = from
        self.to = to
    }
}
