/// The delivery events a business can subscribe an endpoint to.
package enum WebhookEvent: String, Codable, Sendable, CaseIterable, Hashable {
    case scheduled
    /// The package is on board (the delivery is in transit).
    case pickedUp
    /// The stored ETA to the dropoff moved by more than the endpoint's threshold.
    case etaChanged
    /// The live ETA to the dropoff fell within the arriving lead time (once per delivery).
    case arriving
    case delivered
    case failed
    case cancelled
    /// An operator alert opened: the pager's event only (`--alert-webhook`); the API refuses it for a
    /// business endpoint.
    case alert

    /// The events a business endpoint may subscribe to.
    package static let businessEvents: [WebhookEvent] = allCases.filter { $0 != .alert }

    /// The event a status change announces, if any.
    package init?(reaching status: DeliveryStatus) {
        switch status {
        case .scheduled: self = .scheduled
        case .inTransit: self = .pickedUp
        case .delivered: self = .delivered
        case .failed: self = .failed
        case .cancelled: self = .cancelled
        case .requested, .pickupInProgress, .completed: return nil
        }
    }
}
