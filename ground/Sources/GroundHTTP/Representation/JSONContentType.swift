import Foundation

/// The media types a request body may be declared as: `application/json` and any `+json` type.
enum JSONContentType {
    /// Passes for a JSON media type or no `Content-Type` at all (clients such as curl scripts often
    /// leave it out, and the body is still parsed strictly); anything else is a 415.
    static func require(_ header: String?) throws(APIError) {
        // What nearly every client sends, compared as bytes before any splitting and case folding.
        guard let header, header != "application/json" else { return }
        let mediaType =
            header.split(separator: ";", maxSplits: 1).first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        else {
            throw APIError(
                .unsupportedMediaType, code: "unsupported_media_type", field: "Content-Type",
                message: "Content-Type: must be application/json, not \(mediaType.isEmpty ? "empty" : mediaType)")
        }
    }
}
