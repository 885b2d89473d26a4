/// Reads/writes the `v` and `type` envelope fields around a message in the same JSON object, in one pass.
struct Envelope<Message: FleetMessage>: Codable {
    var message: Message

    enum CodingKeys: String, CodingKey { case v, type }

    init(_ message: Message) { self.message = message }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Version first: a message of another version may have any shape.
        let version = try container.decode(Int.self, forKey: .v)
        guard version == FleetCodec.version else { throw ProtocolError.unsupportedVersion(found: version) }
        let type = try container.decode(String.self, forKey: .type)
        guard type == Message.messageType else {
            if FleetCodec.messageTypes.contains(type) {
                throw ProtocolError.messageTypeMismatch(expected: Message.messageType, found: type)
            }
            throw ProtocolError.unknownKind(field: "type", value: type)
        }
        message = try Message(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(FleetCodec.version, forKey: .v)
        try container.encode(Message.messageType, forKey: .type)
        try message.encode(to: encoder)
    }
}
