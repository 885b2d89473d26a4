import Foundation

/// Encodes and decodes fleet messages. Decoding enforces, in order: the size limit, UTF-8, JSON syntax,
/// `"v": 1`, the `"type"` discriminator, field shapes, then the message's `validate()`.
///
/// Reuse one codec: it holds a configured `JSONEncoder`/`JSONDecoder` so the hot telemetry path does not
/// rebuild them per message.
public struct FleetCodec: Sendable {
    /// The protocol version this build speaks.
    public static let version = 1
    /// Largest accepted payload (64 KiB). Larger payloads are rejected before parsing.
    public static let maxPayloadBytes = 64 * 1024
    /// Every known `"type"` value.
    public static let messageTypes: Set<String> = [
        Telemetry.messageType, DroneState.messageType, DroneEvent.messageType,
        Command.messageType, CommandReply.messageType, ProofChunk.messageType, ProofAck.messageType,
    ]

    private let encoder: JSONEncoder
    private let decoder: JSONDecoder
    /// The payload limit this codec enforces (defaults to ``maxPayloadBytes``).
    public let payloadLimit: Int

    public init(payloadLimit: Int = FleetCodec.maxPayloadBytes) {
        encoder = JSONEncoder()
        // Sorted keys: Foundation's JSONEncoder otherwise emits object keys in hash order, which differs
        // between encodings of the same message (found by fuzzing); equal messages must give equal bytes.
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        decoder = JSONDecoder()
        self.payloadLimit = payloadLimit
    }

    /// Validates and encodes `message` with its envelope. Keys are sorted, so equal messages encode to
    /// equal bytes.
    public func encode<M: FleetMessage>(_ message: M) throws(ProtocolError) -> Data {
        try message.validate()
        let data: Data
        do {
            data = try encoder.encode(Envelope(message))
        } catch let error as ProtocolError {
            throw error
        } catch {
            throw .invalidValue(path: "$", reason: "not encodable: \(error)")
        }
        guard data.count <= payloadLimit else { throw .payloadTooLarge(size: data.count, limit: payloadLimit) }
        return data
    }

    /// Validates and encodes `message` as bytes.
    public func encodeBytes<M: FleetMessage>(_ message: M) throws(ProtocolError) -> [UInt8] {
        [UInt8](try encode(message))
    }

    /// Decodes and validates a `type` message from `data`.
    public func decode<M: FleetMessage>(_ type: M.Type, from data: Data) throws(ProtocolError) -> M {
        guard data.count <= payloadLimit else { throw .payloadTooLarge(size: data.count, limit: payloadLimit) }
        try Self.checkUTF8(data)
        let message: M
        do {
            message = try decoder.decode(Envelope<M>.self, from: data).message
        } catch let error as ProtocolError {
            throw error
        } catch let error as DecodingError {
            if case let .dataCorrupted(context) = error, context.codingPath.isEmpty,
                let located = IntegerFieldLocator.locate(in: data)
            {
                throw located
            }
            throw ProtocolError(error)
        } catch {
            throw .malformedJSON(detail: "\(error)")
        }
        try message.validate()
        return message
    }

    /// Decodes and validates a `type` message from raw bytes.
    public func decode<M: FleetMessage>(_ type: M.Type, from bytes: [UInt8]) throws(ProtocolError) -> M {
        guard bytes.count <= payloadLimit else { throw .payloadTooLarge(size: bytes.count, limit: payloadLimit) }
        return try decode(type, from: Data(bytes))
    }

    /// Decodes a message received on a per-drone topic and checks that its `droneId` is the topic's drone,
    /// so one drone cannot speak for another (the broker ACL binds the topic to the MQTT username).
    public func decode<M: FleetMessage & DroneAddressed>(_ type: M.Type, from data: Data, topicDrone: DroneID)
        throws(ProtocolError) -> M
    {
        let message = try decode(type, from: data)
        guard message.droneID == topicDrone else { throw Self.foreignDrone(message.droneID, topicDrone) }
        return message
    }

    private static func checkUTF8(_ data: Data) throws(ProtocolError) {
        // Fast path: pure ASCII is the common case for our payloads.
        let invalidAt: Int? = data.withUnsafeBytes { raw -> Int? in
            if !raw.contains(where: { $0 >= 0x80 }) { return nil }
            var iterator = raw.makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            var offset = 0
            while true {
                switch parser.parseScalar(from: &iterator) {
                case let .valid(scalar): offset += scalar.count
                case .emptyInput: return nil
                case .error: return offset
                }
            }
        }
        if let invalidAt { throw .malformedJSON(detail: "invalid UTF-8 at byte \(invalidAt)") }
    }
}
