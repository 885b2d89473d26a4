import NIOCore

/// One element of a tracking stream's queue: a frame encoded once for every subscriber, or a
/// heartbeat due on a quiet stream.
enum SSEStreamItem: Sendable, Equatable {
    /// The SSE bytes of one update; `last` after a terminal status (the stream then ends).
    case frame(ByteBuffer, last: Bool)
    case heartbeat
}
