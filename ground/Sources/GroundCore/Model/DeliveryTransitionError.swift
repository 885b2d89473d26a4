/// An attempt to move a delivery to a status that may not follow its current one (HTTP 409).
package struct DeliveryTransitionError: Error, Sendable, Equatable, CustomStringConvertible {
    package let from: DeliveryStatus
    package let to: DeliveryStatus

    package init(from: DeliveryStatus, to: DeliveryStatus) {
        self.from = from
        self.to = to
    }

    package var description: String { "illegal delivery transition \(from.rawValue) -> \(to.rawValue)" }
}
