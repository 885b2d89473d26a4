import Foundation
import GroundCore
import Hummingbird

/// Refuses (400 `invalid_path`) a path that holds a control character (U+0000–U+001F, U+007F), raw
/// or percent-encoded, or a malformed percent escape. Runs before the file server and the routes:
/// a NUL cut a file name short further down (`/ui/index.html%00.png` served index.html as image/png).
package struct PathSafetyMiddleware: RouterMiddleware {
    package typealias Context = GroundRequestContext

    package init() {}

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let raw = request.uri.path
        // Printable ASCII without an escape (nearly every request) has nothing to decode or refuse.
        if raw.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "%") }) {
            return try await next(request, context)
        }
        guard let decoded = raw.removingPercentEncoding else {
            throw APIError(
                .badRequest, code: "invalid_path", field: "path", message: "the path has a malformed percent escape")
        }
        if let bad =
            (raw.unicodeScalars.first(where: Self.isControl) ?? decoded.unicodeScalars.first(where: Self.isControl))
        {
            context.logger.notice("refused a path with a control character", metadata: ["codePoint": "\(bad.value)"])
            throw APIError(
                .badRequest, code: "invalid_path", field: "path",
                message: "the path contains the control character U+\(String(bad.value, radix: 16, uppercase: true))")
        }
        return try await next(request, context)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || scalar.value == 0x7F }
}
