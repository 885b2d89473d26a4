import FleetProtocol

/// Which telemetry samples an instance relays to the others: every sample of a drone flying an
/// assignment (its customer's ETA and map follow each one), at most one per `interval` for the
/// others (the fleet view), always the newest, and the last one of a burst at the latest one
/// interval later, so every instance ends up with the same final position.
struct LiveRelayThrottle {
    let interval: Duration
    private var lastSent: [String: ContinuousClock.Instant] = [:]
    private var pending: [String: Telemetry] = [:]

    init(interval: Duration = .seconds(1)) {
        self.interval = interval
    }

    /// Takes one sample this instance handled; returns it when it goes out at once (assigned drone).
    mutating func offer(_ sample: Telemetry, at now: ContinuousClock.Instant) -> Telemetry? {
        let id = sample.droneID.rawValue
        if sample.assignmentID != nil {
            pending[id] = nil
            lastSent[id] = now
            return sample
        }
        if let held = pending[id], held.timeMs > sample.timeMs { return nil }
        pending[id] = sample
        return nil
    }

    /// The held samples whose drone has not been relayed within `interval`.
    mutating func due(at now: ContinuousClock.Instant) -> [Telemetry] {
        guard !pending.isEmpty else { return [] }
        var out: [Telemetry] = []
        for (id, sample) in pending {
            if let last = lastSent[id], now - last < interval { continue }
            out.append(sample)
            lastSent[id] = now
        }
        for sample in out { pending[sample.droneID.rawValue] = nil }
        return out
    }
}
