import Hummingbird
import NIOCore

/// Collects a response body the router wrote, so the fuzzer can inspect it.
actor BodyCollector: ResponseBodyWriter {
    private(set) var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws {
        bytes.append(contentsOf: buffer.readableBytesView)
    }

    nonisolated func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
