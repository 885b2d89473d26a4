/// Why a no-fly zone was refused, naming the request field (the HTTP layer answers 400 with it).
package struct ZoneValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    package let field: String
    package let code: String
    package let message: String

    package init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    package var description: String { "\(field): \(message)" }
}
