import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Decodes a JSON body of at most the context's upload limit.
    ///
    /// Done here rather than through Hummingbird's `decode(as:)`, which folds decoding errors into a
    /// plain 400 and so loses which field was at fault.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: GroundRequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(limit: context.maxUploadSize)
        }
        do {
            return try context.requestDecoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError.from(error)
        } catch {
            throw APIError(.badRequest, code: "malformed_json", message: "the body is not valid JSON")
        }
    }
}
