/// Where a vehicle stands with respect to the depots; the engine sets it after every physics step.
public enum PadState: Sendable, Hashable {
    /// Not landed and disarmed within `Depot.siteRadius` of a depot.
    case offDepot
    /// At depot `depot` but every pad is taken; waiting since simulated time `since`.
    case waiting(depot: Int, since: Double)
    /// On a pad of a charge depot: the charger feeds up to `powerW`.
    case charging(depot: Int, powerW: Double)
    /// On a pad of a swap depot, waiting for a swap order.
    case docked(depot: Int)
    /// The pack is out; a full one is in at simulated time `until`.
    case swapping(depot: Int, until: Double)

    /// The depot the vehicle is at, if any.
    public var depot: Int? {
        switch self {
        case .offDepot: nil
        case .waiting(let d, _), .charging(let d, _), .docked(let d), .swapping(let d, _): d
        }
    }

    /// Whether the vehicle holds one of the depot's pads.
    public var holdsPad: Bool {
        switch self {
        case .offDepot, .waiting: false
        case .charging, .docked, .swapping: true
        }
    }
}
