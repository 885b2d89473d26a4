import FleetProtocol
import Foundation

/// What every message between ground instances shares: a size limit and the fleet codec's version.
protocol RelayEnvelope: Decodable {
    static var maxPayloadBytes: Int { get }
    var v: Int { get }
}

/// A relayed change (status change, alert, swap list change): one per message, its topic naming the
/// instance that sent it, which the payload's `origin` must match.
protocol RelayedChangeEnvelope: RelayEnvelope {
    var origin: String { get }
    static func decode(_ payload: [UInt8], topic: String, decoder: JSONDecoder) throws(ProtocolError) -> Self
}

extension RelayEnvelope {
    /// Decodes a received payload and checks its size and version; each message checks the rest.
    static func decodeEnvelope(_ payload: [UInt8], decoder: JSONDecoder) throws(ProtocolError) -> Self {
        guard payload.count <= maxPayloadBytes else {
            throw .payloadTooLarge(size: payload.count, limit: maxPayloadBytes)
        }
        let message: Self
        do { message = try decoder.decode(Self.self, from: Data(payload)) } catch {
            throw .malformedJSON(detail: "\(error)")
        }
        guard message.v == FleetCodec.version else { throw .unsupportedVersion(found: message.v) }
        return message
    }
}
