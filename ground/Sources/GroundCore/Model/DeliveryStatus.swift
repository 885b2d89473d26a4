/// Where a delivery is in its life on the ground side.
///
/// `requested → scheduled → pickupInProgress → inTransit → delivered → completed`, or `cancelled` /
/// `failed` from any non-terminal status. Stored and sent as the raw string.
package enum DeliveryStatus: String, Codable, Sendable, CaseIterable, Hashable {
    case requested
    case scheduled
    case pickupInProgress
    case inTransit
    case delivered
    case completed
    case cancelled
    case failed

    /// No transition leaves a terminal status; tracking streams close when one is reached.
    package var isTerminal: Bool {
        switch self {
        case .completed, .cancelled, .failed: true
        default: false
        }
    }

    /// Position along the happy path, used to refuse going backwards.
    var progressRank: Int {
        switch self {
        case .requested: 0
        case .scheduled: 1
        case .pickupInProgress: 2
        case .inTransit: 3
        case .delivered: 4
        case .completed: 5
        case .cancelled, .failed: 6
        }
    }
}
