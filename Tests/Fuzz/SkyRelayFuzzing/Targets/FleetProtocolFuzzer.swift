import FleetProtocol
import Foundation

/// Fuzzes every FleetProtocol decoder.
///
/// The first input byte selects the decoder (modulo ``Decoder/allCases`` count, so the ASCII digits
/// `0`…`7` of the seed files select them in order); the rest is the payload. Invariants:
/// - `round-trip`: a message that decodes re-encodes, decodes again to an equal message, and encodes
///   to the same bytes; it also decodes on its own drone's topic.
/// - `topic-round-trip`: a topic that parses is rebuilt from its drone id and kind unchanged, and a
///   drone id that is accepted keeps its text.
public enum FleetProtocolFuzzer {
    private static let target = FuzzTarget.fleetProtocol
    /// What the payload after the selector byte is decoded as.
    public enum Decoder: Int, CaseIterable, Sendable {
        case telemetry, state, event, command, reply, topic, proof, proofAck
    }

    private static let codec = FleetCodec()

    public static func fuzz(_ input: [UInt8]) throws(FuzzFinding) {
        guard let selector = input.first else { return }
        let payload = Array(input.dropFirst())
        switch Decoder(rawValue: Int(selector) % Decoder.allCases.count) ?? .topic {
        case .telemetry: try roundTrip(Telemetry.self, payload)
        case .state: try roundTrip(DroneState.self, payload)
        case .event: try roundTrip(DroneEvent.self, payload)
        case .command: try roundTrip(Command.self, payload)
        case .reply: try roundTrip(CommandReply.self, payload)
        case .topic: try topicRoundTrip(String(decoding: payload, as: UTF8.self))
        case .proof: try roundTrip(ProofChunk.self, payload)
        case .proofAck: try roundTrip(ProofAck.self, payload)
        }
    }

    private static func roundTrip<M: FleetMessage & DroneAddressed>(_ type: M.Type, _ payload: [UInt8])
        throws(FuzzFinding)
    {
        // Rejection with a typed error is the expected outcome for most inputs; typed throws
        // guarantee nothing else escapes.
        guard let message = try? codec.decode(type, from: payload) else { return }
        let encoded: [UInt8]
        do {
            encoded = try codec.encodeBytes(message)
        } catch {
            throw target.finding("round-trip", "decoded \(M.messageType) does not encode: \(error)")
        }
        let again: M
        do {
            again = try codec.decode(type, from: encoded)
        } catch {
            throw target.finding("round-trip", "re-encoded \(M.messageType) does not decode: \(error)")
        }
        try target.require(
            again == message, "round-trip", "\(M.messageType) changed through encode/decode: \(message) vs \(again)")
        let encodedAgain: [UInt8]
        do {
            encodedAgain = try codec.encodeBytes(again)
        } catch {
            throw target.finding("round-trip", "\(M.messageType) encodes once but not twice: \(error)")
        }
        try target.require(encodedAgain == encoded, "round-trip", "\(M.messageType) encoding is not stable")
        do {
            _ = try codec.decode(type, from: Data(encoded), topicDrone: message.droneID)
        } catch {
            throw target.finding("round-trip", "\(M.messageType) is rejected on its own drone's topic: \(error)")
        }
    }

    private static func topicRoundTrip(_ text: String) throws(FuzzFinding) {
        if let drone = try? DroneID(text) {
            try target.require(
                drone.rawValue == text, "topic-round-trip", "DroneID changed '\(text)' to '\(drone.rawValue)'")
        }
        let topics = FleetTopics.default
        guard let (drone, kind) = try? topics.parse(text) else { return }
        let rebuilt = topics.topic(kind, for: drone)
        try target.require(
            rebuilt == text, "topic-round-trip",
            "topic '\(text)' parsed as (\(drone), \(kind)) rebuilds as '\(rebuilt)'")
    }
}
