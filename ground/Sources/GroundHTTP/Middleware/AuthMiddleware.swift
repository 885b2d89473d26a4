import HTTPTypes
import Hummingbird

/// Reads `Authorization: Bearer <key>` (or `X-API-Key`) and stores the principal in the context.
///
/// It never rejects by itself: public routes need no key, and each protected route states its
/// role through ``GroundRequestContext/requireBusiness()`` / ``GroundRequestContext/requireOperator()``.
/// A key that is present but unknown is refused here (401) so a typo is not mistaken for anonymity;
/// such requests are charged to the client address's rate-limit bucket first, so guessing keys runs
/// into 429 like any other anonymous traffic.
package struct AuthMiddleware: RouterMiddleware {
    package typealias Context = GroundRequestContext
    let authenticator: Authenticator
    let unknownKeyLimit: RateLimitMiddleware?

    package init(authenticator: Authenticator, unknownKeyLimit: RateLimitMiddleware? = nil) {
        self.authenticator = authenticator
        self.unknownKeyLimit = unknownKeyLimit
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let key = Self.presentedKey(request) else { return try await next(request, context) }
        var context = context
        guard let authentication = try await authenticator.authenticate(key) else {
            let (kind, bucket) = RateLimitMiddleware.anonymousBucketKey(context)
            try await unknownKeyLimit?.charge(kind: kind, key: bucket)
            throw APIError(.unauthorized, code: "invalid_key", message: "the API key is not valid")
        }
        context.principal = authentication.principal
        context.keyExpiresAt = authentication.expiresAt
        return try await next(request, context)
    }

    static func presentedKey(_ request: Request) -> String? {
        if let auth = request.headers[.authorization] {
            let parts = auth.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].count == 6, parts[0].lowercased() == "bearer" {
                return String(parts[1]).trimmingSpaces()
            }
        }
        if let name = HTTPField.Name("X-API-Key"), let key = request.headers[name] { return key.trimmingSpaces() }
        return nil
    }
}

extension String {
    func trimmingSpaces() -> String {
        // On the UTF-8 view: reversing a String character by character cost more than the key's hash.
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { $0 != UInt8(ascii: " ") }),
            let last = bytes.lastIndex(where: { $0 != UInt8(ascii: " ") })
        else { return "" }
        if first == bytes.startIndex, last == bytes.index(before: bytes.endIndex) { return self }
        return String(self[first...last])
    }
}
