/// A decision the dispatcher made outside ``Dispatcher/dispatch(_:)`` (a later round, a drone's reply,
/// a drone gone), for the delivery service to write to the delivery row.
///
/// The dispatcher publishes these on ``Dispatcher/events``; the service applies them in order
/// (``DeliveryService/followDispatcher()``) and reports each write back through ``Dispatcher/recorded(_:succeeded:)``.
/// So the service holds the dispatcher and the dispatcher never holds the service.
package enum DispatchEvent: Sendable, Hashable {
    /// A round or a drone's reply placed or queued the delivery, and no request was waiting for the answer.
    case decided(deliveryID: String, decision: DispatchDecision)
    /// `droneID` must not be offered the delivery again (it refused, did not answer, or went away with
    /// the offer out).
    case excluded(deliveryID: String, droneID: String)
    /// The drone went offline before pickup: the delivery goes back to the queue without it.
    case droneLost(deliveryID: String, droneID: String, reason: String)
    /// The no-fly zones left the drone no path (or it refused the re-route around one) before it had the
    /// package: it was called back, and the delivery goes back to the queue without it, saying why.
    case grounded(deliveryID: String, droneID: String, reason: String)

    package var deliveryID: String {
        switch self {
        case let .decided(deliveryID, _), let .excluded(deliveryID, _), let .droneLost(deliveryID, _, _),
            let .grounded(deliveryID, _, _):
            deliveryID
        }
    }
}
