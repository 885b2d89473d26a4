import MAVLink

/// Frames a vehicle wants to send, encoded back to back in one reusable buffer so a busy simulation
/// does not allocate an array per message.
public struct Outbox: Sendable {
    public private(set) var encoder: MAVLinkEncoder
    /// Encoded frames, back to back.
    public private(set) var bytes: [UInt8] = []
    /// End offset of each frame in `bytes`.
    public private(set) var frameEnds: [Int] = []
    /// Message id of each frame (STATUSTEXT goes to every MAVLink instance, answers only to the asker's).
    public private(set) var messageIDs: [UInt32] = []

    public init(systemID: UInt8, componentID: UInt8) {
        encoder = MAVLinkEncoder(systemID: systemID, componentID: componentID)
        bytes.reserveCapacity(1024)
    }

    public var isEmpty: Bool { frameEnds.isEmpty }

    /// Encoders of the vehicle's other components (the camera), each numbering its own frames.
    private var componentEncoders: [UInt8: MAVLinkEncoder] = [:]

    public mutating func send(_ message: some MAVLinkMessage) {
        encoder.encode(message, into: &bytes)
        frameEnds.append(bytes.count)
        messageIDs.append(type(of: message).messageID)
    }

    /// Sends as another component of the same system (a camera on the autopilot's link).
    public mutating func send(_ message: some MAVLinkMessage, fromComponent componentID: UInt8) {
        var componentEncoder =
            componentEncoders[componentID] ?? MAVLinkEncoder(systemID: encoder.systemID, componentID: componentID)
        componentEncoder.encode(message, into: &bytes)
        componentEncoders[componentID] = componentEncoder
        frameEnds.append(bytes.count)
        messageIDs.append(type(of: message).messageID)
    }

    /// Empties the outbox, keeping its storage.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        frameEnds.removeAll(keepingCapacity: true)
        messageIDs.removeAll(keepingCapacity: true)
    }
}
