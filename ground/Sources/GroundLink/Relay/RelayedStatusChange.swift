import FleetProtocol
import Foundation
import GroundCore

/// One `<prefix>/ground/tracking/<deliveryId>` message: the tracking update an instance published
/// when it changed a delivery's status (scheduled, picked up, delivered, cancelled, ...).
///
/// Receivers hand it to their own tracking streams; a terminal status ends them.
package struct RelayedStatusChange: Codable, Sendable, RelayedChangeEnvelope {
    var v: Int
    /// MQTT client id of the publishing instance.
    var origin: String
    var update: TrackingUpdate

    static let maxPayloadBytes = 16 * 1024

    init(origin: String, update: TrackingUpdate) {
        v = FleetCodec.version
        self.origin = origin
        self.update = update
    }

    /// Dates as epoch milliseconds, like the fleet protocol.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }

    /// Decodes and checks a payload received on `topic` (whose last level must be the update's delivery).
    static func decode(_ payload: [UInt8], topic: String, decoder: JSONDecoder) throws(ProtocolError)
        -> RelayedStatusChange
    {
        let message = try decodeEnvelope(payload, decoder: decoder)
        guard !message.origin.isEmpty else { throw .invalidValue(path: "origin", reason: "empty") }
        let deliveryID = message.update.deliveryID
        guard !deliveryID.isEmpty, topic.hasSuffix("/" + deliveryID) else {
            throw .invalidValue(path: "update.deliveryID", reason: "'\(deliveryID)' does not match topic \(topic)")
        }
        if let position = message.update.position {
            guard (-90...90).contains(position.lat), (-180...180).contains(position.lon), position.alt.isFinite else {
                throw .invalidValue(path: "update.position", reason: "out of range")
            }
        }
        return message
    }
}
