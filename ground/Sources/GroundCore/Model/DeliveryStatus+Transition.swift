extension DeliveryStatus {
    /// Whether `next` may follow `self`.
    ///
    /// Forward moves may skip steps (a drone event can be lost or arrive after a later one was
    /// de-duplicated), `scheduled → requested` is allowed so a delivery can be re-queued when its
    /// drone rejects it or goes offline before pickup, and nothing leaves a terminal status.
    /// `cancelled` is only reachable before the package is handed over (a business cannot cancel a
    /// package in the air; operators use `failed` through an override).
    package func canTransition(to next: DeliveryStatus) -> Bool {
        if isTerminal || next == self { return false }
        switch next {
        case .requested: return self == .scheduled || self == .pickupInProgress
        case .cancelled: return progressRank <= DeliveryStatus.pickupInProgress.progressRank
        case .failed: return true
        default: return next.progressRank > progressRank
        }
    }

    /// The next status, or a ``DeliveryTransitionError`` naming both ends when the move is illegal.
    package func transition(to next: DeliveryStatus) throws(DeliveryTransitionError) -> DeliveryStatus {
        guard canTransition(to: next) else { throw DeliveryTransitionError(from: self, to: next) }
        return next
    }
}
