import FleetProtocol
import Foundation

/// One message of a delivery's live tracking stream (an SSE `update` event).
package struct TrackingUpdate: Codable, Sendable, Hashable {
    /// Drone position and altitude (m AMSL) when known.
    package struct Position: Codable, Sendable, Hashable {
        package var lat: Double
        package var lon: Double
        package var alt: Double

        package init(lat: Double, lon: Double, alt: Double) {
            self.lat = lat
            self.lon = lon
            self.alt = alt
        }
    }

    package var deliveryID: String
    package var status: DeliveryStatus
    package var phase: AssignmentPhase?
    package var position: Position?
    package var etaPickup: Date?
    package var etaDropoff: Date?
    /// ± seconds either ETA may move while the delivery waits in a drone's queue (nil once it flies).
    package var etaMarginSeconds: Double?
    /// The latest dropoff the business booked, so a page can say whether the ETA keeps it.
    package var deadline: Date?
    /// Battery of the assigned drone, percent.
    package var battery: Double?
    package var time: Date

    package init(
        deliveryID: String, status: DeliveryStatus, phase: AssignmentPhase? = nil, position: Position? = nil,
        etaPickup: Date? = nil, etaDropoff: Date? = nil, battery: Double? = nil, time: Date
    ) {
        self.deliveryID = deliveryID
        self.status = status
        self.phase = phase
        self.position = position
        self.etaPickup = etaPickup
        self.etaDropoff = etaDropoff
        self.battery = battery
        self.time = time
    }
}
