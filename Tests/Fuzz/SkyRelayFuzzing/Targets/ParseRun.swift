import MAVLink

/// The observable outcome of feeding one byte stream to a fresh parser in given chunks.
struct ParseRun: Equatable, CustomStringConvertible {
    var frames: [MAVLinkFrame] = []
    var statistics: MAVLinkParserStatistics
    /// Bytes the parser still holds at the end, waiting for the rest of a frame.
    var buffered: Int

    /// Parses `bytes` cut into `chunkSizes` (zero-length chunks included); any rest goes in one last chunk.
    init(_ bytes: [UInt8], acceptsV1: Bool, chunkSizes: some Sequence<Int>) {
        var parser = MAVLinkStreamParser(acceptsV1: acceptsV1)
        var frames: [MAVLinkFrame] = []
        var offset = 0
        for size in chunkSizes where offset < bytes.count {
            let end = min(bytes.count, offset + size)
            frames += parser.parse(bytes[offset..<end])
            offset = end
        }
        frames += parser.parse(bytes[offset...])
        self.frames = frames
        statistics = parser.statistics
        buffered = parser.bufferedByteCount
    }

    var description: String {
        "\(frames.count) frames (ids \(frames.prefix(8).map(\.messageID))), \(statistics), \(buffered) bytes buffered"
    }
}
