import FleetProtocol
import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

/// Server-Sent Events framing of tracking updates.
enum SSEFrame {
    /// `event: update` with the JSON the API documents: position, phase, status, ETAs, battery.
    static func update(_ update: TrackingUpdate) -> ByteBuffer {
        event("update", SSEUpdatePayload(update))
    }

    /// One `event: <name>` frame with `value` as its JSON data line.
    static func event(_ name: String, _ value: some Encodable) -> ByteBuffer {
        let json = (try? GroundJSON.encoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return ByteBuffer(string: "event: \(name)\ndata: \(json)\n\n")
    }

    static func heartbeat() -> ByteBuffer {
        ByteBuffer(string: ": heartbeat\n\n")
    }
}

/// The JSON of one SSE `update` event.
struct SSEUpdatePayload: Codable, Sendable {
    var deliveryID: String
    var status: DeliveryStatus
    var phase: AssignmentPhase?
    var position: TrackingUpdate.Position?
    var etaPickup: Date?
    var etaDropoff: Date?
    var etaMarginSeconds: Double?
    var deadline: Date?
    var battery: Double?
    var time: Date

    init(_ u: TrackingUpdate) {
        deliveryID = u.deliveryID
        status = u.status
        phase = u.phase
        position = u.position
        etaPickup = u.etaPickup
        etaDropoff = u.etaDropoff
        etaMarginSeconds = u.etaMarginSeconds
        deadline = u.deadline
        battery = u.battery
        time = u.time
    }
    enum CodingKeys: String, CodingKey {
        case deliveryID = "deliveryId"
        case status, phase, position, etaPickup, etaDropoff, etaMarginSeconds, deadline, battery, time
    }
}
