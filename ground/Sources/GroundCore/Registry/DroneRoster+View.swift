extension DroneRoster {
    /// A copy of the roster's snapshot for one consumer's hot path (the ingest, one check per message):
    /// ``standing(of:)`` answers from it while it is current, and nil when the caller must ask the
    /// roster itself (an id not in the snapshot, the snapshot past its ``DroneRoster/ttl``, or a
    /// register or retire through this instance since it was taken).
    package struct View: Sendable {
        let roster: DroneRoster
        let standings: [String: Standing]
        let revision: Int
        let expires: ContinuousClock.Instant

        package func standing(of droneID: String, at now: ContinuousClock.Instant) -> Standing? {
            guard now < expires, roster.revision.load(ordering: .acquiring) == revision else { return nil }
            return standings[droneID]
        }

        /// Whether the view may still answer (it expires with the roster's snapshot or on a change).
        package func isCurrent(at now: ContinuousClock.Instant) -> Bool {
            now < expires && roster.revision.load(ordering: .acquiring) == revision
        }
    }
}
