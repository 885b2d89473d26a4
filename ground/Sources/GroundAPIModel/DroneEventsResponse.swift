import FleetProtocol
import Foundation
import GroundCore

/// `GET /v1/fleet/{droneId}/events` answer: one page of a drone's stored event log, and how whole the
/// log is (the same extent ground uses to ask a drone to re-send what it missed).
package struct DroneEventsResponse: Codable, Sendable {
    package var droneID: String
    /// Highest n with eventSeq 1...n all stored (0 when 1 is missing).
    package var contiguousThrough: Int64
    /// Stored eventSeqs above `contiguousThrough`: the far side of the first hole.
    package var storedAbove: [Int64]
    package var events: [StoredEventResponse]
    /// `after` for the next page; absent when this page is the last.
    package var nextAfter: Int64?

    package init(
        droneID: String, contiguousThrough: Int64, storedAbove: [Int64], events: [StoredEventResponse],
        nextAfter: Int64?
    ) {
        self.droneID = droneID
        self.contiguousThrough = contiguousThrough
        self.storedAbove = storedAbove
        self.events = events
        self.nextAfter = nextAfter
    }

    package enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
        case contiguousThrough, storedAbove, events, nextAfter
    }
}
