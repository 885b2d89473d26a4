/// Counters of one `MAVLinkConnection`: the parser's, plus what the link refused above it.
public struct MAVLinkLinkStatistics: Sendable, Hashable {
    public var parser = MAVLinkParserStatistics()
    /// Datagrams from an address other than the pinned peer, dropped unread.
    public var strangerDatagrams = 0
    /// The last such address, for the log line.
    public var lastStranger: String?
    /// Frames dropped for carrying no signature on a signed link.
    public var unsigned = 0
    /// Frames dropped because their signature does not match the key.
    public var badSignature = 0
    /// Frames dropped as replays: a timestamp not newer than their stream's last, or a stale new stream.
    public var replayed = 0
    /// Frames passed on unsigned because their id is on the accept-unsigned list.
    public var acceptedUnsigned = 0

    public init() {}

    /// Every frame or datagram refused for who sent it or how it was signed.
    public var refused: Int { strangerDatagrams + unsigned + badSignature + replayed }
}
