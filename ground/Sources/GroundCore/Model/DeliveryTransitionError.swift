/// An attempt to move a delivery to a status that may not follow its current one (HTTP 409).
public struct DeliveryTransitionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let from: DeliveryStatus
    public let to: DeliveryStatus

    public init(from: DeliveryStatus, to: DeliveryStatus) {
        self.from = from
        self.to = to
    }

    public var description: String { "illegal delivery transition \(from.rawValue) -> \(to.rawValue)" }
}
