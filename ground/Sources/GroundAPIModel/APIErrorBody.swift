import GroundCore

/// The body of every 4xx/5xx answer: `{"error": {"code", "field"?, "message", "currentStatus"?}}`.
package struct APIErrorBody: Codable, Sendable, Hashable {
    package struct Detail: Codable, Sendable, Hashable {
        package var code: String
        package var field: String?
        package var message: String
        /// On a refused transition (409 `illegal_transition`): the delivery's status when it was refused.
        package var currentStatus: DeliveryStatus?

        package init(code: String, field: String?, message: String, currentStatus: DeliveryStatus? = nil) {
            self.code = code
            self.field = field
            self.message = message
            self.currentStatus = currentStatus
        }
    }

    package var error: Detail

    package init(error: Detail) {
        self.error = error
    }
}
