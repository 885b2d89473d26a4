import Foundation
import Hummingbird

/// `GET /v1/fleet/{droneId}/events` answer: one page of a drone's stored event log, and how whole the
/// log is (the same extent ground uses to ask a drone to re-send what it missed).
struct DroneEventsResponse: ResponseEncodable, Sendable {
    var droneID: String
    /// Highest n with eventSeq 1...n all stored (0 when 1 is missing).
    var contiguousThrough: Int64
    /// Stored eventSeqs above `contiguousThrough`: the far side of the first hole.
    var storedAbove: [Int64]
    var events: [StoredEventResponse]
    /// `after` for the next page; absent when this page is the last.
    var nextAfter: Int64?

    enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
        case contiguousThrough, storedAbove, events, nextAfter
    }
}
