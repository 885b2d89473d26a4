/// What storing one drone event did.
package enum EventRecordOutcome: Sendable, Hashable {
    /// First time this (drone, eventSeq) was seen: stored.
    case stored
    /// The same event again (an outbox re-send): nothing stored.
    case duplicate
    /// A different event under a (drone, eventSeq) already stored: the agent numbered two events alike,
    /// which its outbox must never do. The first one is kept; the caller reports this one loudly.
    case conflicting(storedPayload: String)
}
