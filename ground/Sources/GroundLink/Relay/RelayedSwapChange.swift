import FleetProtocol
import Foundation
import GroundCore

/// One `<prefix>/ground/swaps/<origin>` message: the depots whose swap lists the scheduler leader has
/// just written. Receivers wake their swap streams of those depots, which read the lists from the store.
package struct RelayedSwapChange: Codable, Sendable, RelayedChangeEnvelope {
    var v: Int
    /// MQTT client id of the publishing instance (also the topic's last level).
    var origin: String
    var depotIDs: [String]

    static let maxPayloadBytes = 16 * 1024
    /// More depot ids than a depots file plausibly holds is a forged or broken message.
    static let maxDepots = 1_000

    init(origin: String, change: SwapOrderChange) {
        v = FleetCodec.version
        self.origin = origin
        depotIDs = change.depotIDs
    }

    enum CodingKeys: String, CodingKey {
        case v, origin
        case depotIDs = "depotIds"
    }

    var change: SwapOrderChange { SwapOrderChange(depotIDs: depotIDs) }

    /// Decodes and checks a payload received on `topic` (whose last level must be the origin).
    static func decode(_ payload: [UInt8], topic: String, decoder: JSONDecoder) throws(ProtocolError)
        -> RelayedSwapChange
    {
        let message = try decodeEnvelope(payload, decoder: decoder)
        guard !message.origin.isEmpty, topic.hasSuffix("/" + message.origin) else {
            throw .invalidValue(path: "origin", reason: "'\(message.origin)' does not match topic \(topic)")
        }
        guard !message.depotIDs.isEmpty, message.depotIDs.count <= maxDepots else {
            throw .invalidValue(path: "depotIds", reason: "\(message.depotIDs.count) ids, 1 to \(maxDepots) expected")
        }
        if let index = message.depotIDs.firstIndex(where: \.isEmpty) {
            throw .invalidValue(path: "depotIds[\(index)]", reason: "empty")
        }
        return message
    }
}
