import FleetProtocol
import Foundation

/// One message of a delivery's live tracking stream (an SSE `update` event).
public struct TrackingUpdate: Codable, Sendable, Hashable {
    /// Drone position and altitude (m AMSL) when known.
    public struct Position: Codable, Sendable, Hashable {
        public var lat: Double
        public var lon: Double
        public var alt: Double

        public init(lat: Double, lon: Double, alt: Double) {
            self.lat = lat
            self.lon = lon
            self.alt = alt
        }
    }

    public var deliveryID: String
    public var status: DeliveryStatus
    public var phase: AssignmentPhase?
    public var position: Position?
    public var etaPickup: Date?
    public var etaDropoff: Date?
    /// Battery of the assigned drone, percent.
    public var battery: Double?
    public var time: Date

    public init(
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
