/// Counters of a `MAVLinkStreamParser`, for logs and metrics.
public struct MAVLinkParserStatistics: Sendable, Hashable {
    /// Frames returned to the caller.
    public var frames = 0
    /// Frames whose checksum did not match (with the CRC_EXTRA of their message id).
    public var badCRC = 0
    /// Start markers given up on because this build has no definition for their id (the scan goes on
    /// at the next byte).
    public var unknownMessage = 0
    /// MAVLink 1 frames seen (returned, or skipped when v1 is not accepted).
    public var v1Frames = 0
    /// Signed MAVLink 2 frames returned (the parser does not verify signatures).
    public var signedFrames = 0
    /// Frames rejected because their length exceeds the message's full payload length.
    public var invalidLength = 0
    /// Bytes discarded while looking for a frame start.
    public var droppedBytes = 0

    public init() {}
}
