/// The agent's assignment lifecycle (DESIGN.md): `received → accepted|rejected → preflight → takeoff →
/// enRouteToPickup → atPickup → enRouteToDropoff → atDropoff → returning → landed → completed`, and
/// `aborted` from any non-terminal phase. Raw values are the wire strings.
public enum AssignmentPhase: String, Codable, CaseIterable, Hashable, Sendable {
    case received, accepted, rejected, preflight, takeoff, enRouteToPickup, atPickup, enRouteToDropoff
    case atDropoff, returning, landed, completed, aborted

    /// No further transition happens after a terminal phase.
    public var isTerminal: Bool { self == .rejected || self == .completed || self == .aborted }

    /// Position in the nominal lifecycle (received = 0 ... completed = 11); `rejected` sorts with `accepted`
    /// and `aborted` after everything, so "has the drone got at least this far" is an order comparison.
    public var order: Int {
        switch self {
        case .received: 0
        case .accepted, .rejected: 1
        case .preflight: 2
        case .takeoff: 3
        case .enRouteToPickup: 4
        case .atPickup: 5
        case .enRouteToDropoff: 6
        case .atDropoff: 7
        case .returning: 8
        case .landed: 9
        case .completed: 10
        case .aborted: 11
        }
    }

    /// Whether the payload is on board (between pickup loading and release).
    public var carriesPayload: Bool { self == .enRouteToDropoff }

    /// Whether the lifecycle allows moving from `self` to `next`: forward along the nominal path
    /// (skipping is not allowed except `received → rejected`), or to `aborted` from any non-terminal phase.
    public func canTransition(to next: AssignmentPhase) -> Bool {
        if isTerminal { return false }
        if next == .aborted { return true }
        switch (self, next) {
        case (.received, .accepted), (.received, .rejected): return true
        case (.accepted, .preflight), (.preflight, .takeoff), (.takeoff, .enRouteToPickup),
            (.enRouteToPickup, .atPickup), (.atPickup, .enRouteToDropoff), (.enRouteToDropoff, .atDropoff),
            (.atDropoff, .returning), (.returning, .landed), (.landed, .completed):
            return true
        default: return false
        }
    }
}
