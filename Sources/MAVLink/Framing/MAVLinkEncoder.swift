/// Frames messages for one sending system/component, numbering them with a wrapping sequence.
public struct MAVLinkEncoder: Sendable {
    public var systemID: UInt8
    public var componentID: UInt8
    /// Sequence number the next frame gets.
    public private(set) var nextSequence: UInt8

    public init(systemID: UInt8, componentID: UInt8, firstSequence: UInt8 = 0) {
        self.systemID = systemID
        self.componentID = componentID
        self.nextSequence = firstSequence
    }

    /// Returns the MAVLink 2 frame of `message` and advances the sequence.
    public mutating func encode(_ message: some MAVLinkMessage) -> [UInt8] {
        var buffer: [UInt8] = []
        encode(message, into: &buffer)
        return buffer
    }

    /// Appends the MAVLink 2 frame of `message` to `buffer` and advances the sequence.
    public mutating func encode(_ message: some MAVLinkMessage, into buffer: inout [UInt8]) {
        MAVLinkFrame.encode(
            message, systemID: systemID, componentID: componentID, sequence: nextSequence, into: &buffer)
        nextSequence &+= 1
    }
}
