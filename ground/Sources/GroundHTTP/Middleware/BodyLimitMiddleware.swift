import Hummingbird

/// Applies the configured body size limit: a declared `Content-Length` above it is refused with 413
/// at once, and ``Request/decodeJSON(_:context:)`` collects at most that many bytes of any body
/// (chunked ones included) through the context's `maxUploadSize`.
package struct BodyLimitMiddleware: RouterMiddleware {
    package typealias Context = GroundRequestContext
    let maxBodyBytes: Int

    package init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes {
            throw APIError.bodyTooLarge(limit: maxBodyBytes)
        }
        var context = context
        context.maxUploadSize = maxBodyBytes
        return try await next(request, context)
    }
}

extension APIError {
    /// 413 for a body above `limit` bytes.
    static func bodyTooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "body_too_large", message: "the body exceeds \(limit) bytes")
    }
}
