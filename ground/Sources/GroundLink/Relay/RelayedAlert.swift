import FleetProtocol
import Foundation
import GroundCore

/// One `<prefix>/ground/alerts/<origin>` message: an alert as an instance stored it after opening,
/// acknowledging or resolving it. Receivers show it on their alert streams (the row is already stored).
package struct RelayedAlert: Codable, Sendable, RelayedChangeEnvelope {
    var v: Int
    /// MQTT client id of the publishing instance (also the topic's last level).
    var origin: String
    var alert: Alert

    static let maxPayloadBytes = 16 * 1024

    init(origin: String, alert: Alert) {
        v = FleetCodec.version
        self.origin = origin
        self.alert = alert
    }

    /// Decodes and checks a payload received on `topic` (whose last level must be the origin).
    static func decode(_ payload: [UInt8], topic: String, decoder: JSONDecoder) throws(ProtocolError) -> RelayedAlert {
        let message = try decodeEnvelope(payload, decoder: decoder)
        guard !message.origin.isEmpty, topic.hasSuffix("/" + message.origin) else {
            throw .invalidValue(path: "origin", reason: "'\(message.origin)' does not match topic \(topic)")
        }
        guard !message.alert.id.isEmpty else { throw .invalidValue(path: "alert.id", reason: "empty") }
        return message
    }
}
