import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Decodes a JSON body of at most the context's upload limit.
    ///
    /// Done here rather than through Hummingbird's `decode(as:)`, which folds decoding errors into a
    /// plain 400 and so loses which field was at fault. A body declared as something other than JSON
    /// is a 415; `null` anywhere is a 400 naming its field, as no request field of the API is nullable
    /// and reading `null` as "absent" would hide a client's mistake.
    func decodeJSON<T: Decodable & RequestFieldPaths>(_ type: T.Type, context: GroundRequestContext) async throws -> T {
        try JSONContentType.require(headers[.contentType])
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(limit: context.maxUploadSize)
        }
        let data = Data(buffer.readableBytesView)
        do {
            let value = try context.requestDecoder.decode(T.self, from: data)
            try JSONNullScan.refuseNull(in: data, fields: T.fieldPaths)
            return value
        } catch let error as DecodingError {
            throw APIError.from(error)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.badRequest, code: "malformed_json", message: "the body is not valid JSON")
        }
    }
}
