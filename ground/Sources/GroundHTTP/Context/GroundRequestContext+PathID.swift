import Foundation
import Hummingbird

extension GroundRequestContext {
    /// The path parameter `name`, percent-decoded: `/v1/fleet/sr%2D001` names drone `sr-001`.
    ///
    /// The router matches on the raw path, so its captures are still encoded; a client that encodes
    /// every reserved character (as generated clients do) must still reach the same resource.
    func pathID(_ name: String) throws(APIError) -> String {
        guard let raw = parameters.get(name) else {
            throw APIError(.badRequest, code: "invalid_path", field: name, message: "\(name): is required in the path")
        }
        // The common id (printable ASCII, nothing encoded) is its own decoding: no Foundation round trip.
        if raw.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "%") }) { return raw }
        guard let decoded = raw.removingPercentEncoding else {
            throw APIError(
                .badRequest, code: "invalid_path", field: name, message: "\(name): is not valid percent-encoding")
        }
        // No id holds a control character, and PostgreSQL refuses NUL in a text parameter (a 500):
        // such an id names nothing.
        guard !decoded.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError(.notFound, code: "not_found", field: name, message: "\(name): no such id")
        }
        return decoded
    }
}
