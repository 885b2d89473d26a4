import Foundation
import GroundCore

/// `GET /v1/deliveries/{id}/flight` answer: the stored track and events of the drone that flew (or is
/// flying) the delivery, from its last scheduling to its end (or now).
package struct FlightLogResponse: Codable, Sendable, Hashable {
    package var deliveryID: String
    /// Absent while no drone was ever scheduled: then the track and events are empty.
    package var droneID: String?
    package var from: Date?
    package var to: Date?
    /// Samples as the retention policy kept them (downsampled), oldest first.
    package var track: [FlightTrackPoint]
    /// The drone's events received in the span, in eventSeq order.
    package var events: [StoredEventResponse]

    package init(
        deliveryID: String, droneID: String?, from: Date?, to: Date?, track: [FlightTrackPoint],
        events: [StoredEventResponse]
    ) {
        self.deliveryID = deliveryID
        self.droneID = droneID
        self.from = from
        self.to = to
        self.track = track
        self.events = events
    }

    package enum CodingKeys: String, CodingKey {
        case deliveryID = "deliveryId"
        case droneID = "droneId"
        case from, to, track, events
    }
}
