/// The body of every 4xx/5xx answer: `{"error": {"code", "field"?, "message"}}`.
package struct APIErrorBody: Codable, Sendable, Hashable {
    package struct Detail: Codable, Sendable, Hashable {
        package var code: String
        package var field: String?
        package var message: String

        package init(code: String, field: String?, message: String) {
            self.code = code
            self.field = field
            self.message = message
        }
    }

    package var error: Detail

    package init(error: Detail) {
        self.error = error
    }
}
