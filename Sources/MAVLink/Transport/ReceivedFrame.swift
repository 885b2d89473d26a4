import NIOCore

/// A frame read from a connection, with who sent it (nil on serial links).
public struct ReceivedFrame: Sendable {
    public var frame: MAVLinkFrame
    public var sender: SocketAddress?

    public init(frame: MAVLinkFrame, sender: SocketAddress?) {
        self.frame = frame
        self.sender = sender
    }
}
