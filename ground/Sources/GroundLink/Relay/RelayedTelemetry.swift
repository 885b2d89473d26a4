import FleetProtocol
import Foundation

/// One `<prefix>/ground/live/<origin>` message: telemetry samples, as the drones sent them and
/// already validated by the origin, that one instance took from the shared subscription.
///
/// The receiving instances apply them to their live fleet view and ETA tracking only; the origin
/// alone counts and stores them.
struct RelayedTelemetry: Codable, Sendable, RelayEnvelope {
    /// Ground-internal message version (the fleet protocol's).
    var v: Int
    /// MQTT client id of the publishing instance (`ground-<instance-id>`).
    var origin: String
    var samples: [Telemetry]

    /// Largest payload accepted on the topic; samples are split across messages well below it.
    static let maxPayloadBytes = 1 << 20
    /// Samples per message: ~400 bytes each keeps a message near 50 KiB.
    static let maxSamples = 128

    init(origin: String, samples: [Telemetry]) {
        v = FleetCodec.version
        self.origin = origin
        self.samples = samples
    }

    /// Decodes and checks a received payload: size, version, and every sample as the fleet codec would.
    static func decode(_ payload: [UInt8], decoder: JSONDecoder) throws(ProtocolError) -> RelayedTelemetry {
        let message = try decodeEnvelope(payload, decoder: decoder)
        guard !message.origin.isEmpty else { throw .invalidValue(path: "origin", reason: "empty") }
        guard message.samples.count <= maxSamples else {
            throw .invalidValue(path: "samples", reason: "\(message.samples.count) samples, at most \(maxSamples)")
        }
        for (index, sample) in message.samples.enumerated() {
            do { try sample.validate() } catch {
                throw .invalidValue(path: "samples[\(index)]", reason: "\(error)")
            }
        }
        return message
    }
}
