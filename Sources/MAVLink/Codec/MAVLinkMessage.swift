/// A MAVLink message type generated from the official XML definitions.
///
/// Conforming types know their wire layout: `init(payload:)` reads the fields in wire order and
/// zero-extends a payload that the sender truncated (MAVLink 2 drops trailing zero bytes), and
/// `encodePayload(into:)` appends the full, untruncated payload (truncation is the framer's job).
public protocol MAVLinkMessage: Sendable, Equatable {
    /// The message id (24 bits on a MAVLink 2 wire).
    static var messageID: UInt32 { get }
    /// The XML name, e.g. `HEARTBEAT`.
    static var messageName: String { get }
    /// The seed that makes the frame CRC depend on the message layout.
    static var crcExtra: UInt8 { get }
    /// Payload length without extension fields (the MAVLink 1 length).
    static var minPayloadLength: Int { get }
    /// Payload length with every extension field.
    static var maxPayloadLength: Int { get }
    /// Fields in wire order, named as in the XML.
    static var fields: [MAVLinkFieldDescriptor] { get }

    /// Decodes a (possibly truncated) payload; missing trailing bytes read as zero.
    init(payload: some Collection<UInt8>) throws(MAVLinkError)

    /// Appends the full payload (`maxPayloadLength` bytes) in wire order.
    func encodePayload(into buffer: inout [UInt8])
}
