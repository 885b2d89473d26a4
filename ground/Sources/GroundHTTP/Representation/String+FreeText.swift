import Foundation

extension String {
    /// The text trimmed of surrounding whitespace, or a 422 naming `field`.
    ///
    /// Control characters are refused rather than stored: SQLite's C API binds text up to the first
    /// NUL (so a name would silently be cut) and PostgreSQL refuses NUL in text outright (a 500).
    /// The length is counted in code points of the text as sent, as JSON Schema's `maxLength` (the
    /// documented limit) counts it.
    func validatedFreeText(field: String, maxLength: Int) throws(APIError) -> String {
        let text = trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, unicodeScalars.count <= maxLength else {
            throw APIError(
                .unprocessableContent, code: "out_of_range", field: field,
                message: "\(field) must be 1 to \(maxLength) characters")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError(
                .unprocessableContent, code: "invalid_value", field: field,
                message: "\(field) must not contain control characters")
        }
        return text
    }
}
