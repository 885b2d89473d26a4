/// Why a delivery operation was refused; the HTTP layer maps each case to a status code.
package enum DeliveryServiceError: Error, Sendable {
    /// A request field is missing, malformed or out of range (422), naming the field.
    case invalid(field: String, code: String, message: String)
    /// Unknown id, or a delivery of another business (404 either way so ids cannot be probed).
    case notFound(deliveryID: String)
    /// The operation would be an illegal status transition (409).
    case conflict(DeliveryTransitionError)
    case store(StoreError)
}
