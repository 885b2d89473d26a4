import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

/// An API failure rendered as `{"error": {"code", "field", "message"}}` with its HTTP status.
package struct APIError: HTTPResponseError, Sendable {
    package let status: HTTPResponse.Status
    package let code: String
    package let field: String?
    package let message: String
    /// On a refused transition (409): the delivery's status at the moment of refusal, i.e. what the
    /// winning writer set.
    package let currentStatus: DeliveryStatus?
    /// Extra response headers, such as `Retry-After` on a 429.
    package let headers: HTTPFields

    package init(
        _ status: HTTPResponse.Status, code: String, field: String? = nil, message: String,
        currentStatus: DeliveryStatus? = nil, headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.field = field
        self.message = message
        self.currentStatus = currentStatus
        self.headers = headers
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try GroundJSON.encoder().encode(
            APIErrorBody(error: .init(code: code, field: field, message: message, currentStatus: currentStatus)))
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
