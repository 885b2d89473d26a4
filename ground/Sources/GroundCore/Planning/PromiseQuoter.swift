/// Quotes a booking's first dropoff ETA, its promise, as the plan's dropoff plus a slack learned online from
/// how often recent promises slipped.
///
/// A plan made when a booking arrives does not know the bookings still to come: a later express booking, or
/// one due sooner, goes ahead of it and pushes it back. With the planner's launch hold
/// (``DayPlanner/holdsForPromise``) a job planned earlier than its promise lands on it, so a promise with
/// slack is kept unless the job slips by more than the slack. The slack is kept per lead time (how far
/// ahead of the quote the planned dropoff lies, the strongest sign of how far it may still slip) and tracks a
/// quantile: every launch of a promised job says whether it slipped past its promise by more than
/// ``Configuration/toleranceSeconds``; a slip raises its lead's slack by `(1 − lateShare) · step`, a kept
/// promise lowers it by `lateShare · step`, so in steady state a `lateShare` of promises slip. Only that
/// yes/no is needed, which the hold does not hide (a held job's own slip is not seen, only that it was
/// within the slack).
///
/// A quote never goes past the latest dropoff the booking allows (its deadline, or its window's end plus
/// the flight), since the hold never holds a launch past those: a later quote would be met early.
package struct PromiseQuoter: Sendable {
    package struct Configuration: Sendable, Equatable {
        /// Share of promises allowed to slip past their quote by more than the tolerance.
        package var lateShare: Double
        /// A slip up to this many seconds counts as a promise kept.
        package var toleranceSeconds: Double
        /// Upper bounds of the lead-time classes, seconds; a last class takes every longer lead.
        package var leadBoundsSeconds: [Double]
        /// Slack of a class before anything is learned, as a share of its typical lead.
        package var initialSlackShare: Double
        /// Learning step of a class, as a share of its typical lead.
        package var stepShare: Double
        /// A quote stays this far before the latest dropoff the booking allows, room for a slip to stay on time.
        package var latestMarginSeconds: Double

        package init(
            lateShare: Double = 0.04, toleranceSeconds: Double = 60,
            leadBoundsSeconds: [Double] = [600, 1200, 2400, 4800, 9600], initialSlackShare: Double = 0.2,
            stepShare: Double = 0.1, latestMarginSeconds: Double = 0
        ) {
            self.lateShare = lateShare
            self.toleranceSeconds = toleranceSeconds
            self.leadBoundsSeconds = leadBoundsSeconds
            self.initialSlackShare = initialSlackShare
            self.stepShare = stepShare
            self.latestMarginSeconds = latestMarginSeconds
        }
    }

    package let configuration: Configuration
    /// Typical lead of each class (its midpoint; the last class 1.5 × its lower bound): scales its slack.
    private let scales: [Double]
    /// Learned slack per lead class, seconds.
    package private(set) var slackSeconds: [Double]
    /// Quoted and not yet launched: delivery id → its lead class.
    private var pending: [String: Int] = [:]

    package init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
        var scales: [Double] = []
        var lower = 0.0
        for bound in configuration.leadBoundsSeconds {
            scales.append((lower + bound) / 2)
            lower = bound
        }
        scales.append(lower == 0 ? 600 : lower * 1.5)
        self.scales = scales
        slackSeconds = scales.map { $0 * configuration.initialSlackShare }
    }

    /// The lead class of a planned dropoff `leadSeconds` ahead.
    package func leadClass(_ leadSeconds: Double) -> Int {
        configuration.leadBoundsSeconds.firstIndex { leadSeconds < $0 } ?? configuration.leadBoundsSeconds.count
    }

    /// The promise for a job planned but not launched now: its planned dropoff plus its lead's slack, never
    /// past the latest dropoff the booking allows (nor earlier than the plan).
    package mutating func quote(_ planned: PlannedJob, for job: PlannerJob, now: Double) -> Double {
        let lead = max(0, planned.etaDropoff - now)
        let leadClass = leadClass(lead)
        pending[job.id] = leadClass
        let latest = Self.latestDropoff(planned, for: job) - configuration.latestMarginSeconds
        return max(planned.etaDropoff, min(planned.etaDropoff + slackSeconds[leadClass], latest))
    }

    /// The latest dropoff the planner's hold can land a job on: its deadline, or its window's end plus the
    /// flight from the pickup.
    package static func latestDropoff(_ planned: PlannedJob, for job: PlannerJob) -> Double {
        var latest = job.deadline ?? .infinity
        if let latestPickup = job.latestPickup {
            latest = min(latest, latestPickup + (planned.etaDropoff - planned.etaPickup))
        }
        return latest
    }

    /// A quoted job launched with `plannedDropoff`: learns whether its promise held. Jobs not quoted by this
    /// quoter (launched at once, or quoted before a restart) teach nothing.
    package mutating func launched(deliveryID: String, promise: Double, plannedDropoff: Double) {
        guard let leadClass = pending.removeValue(forKey: deliveryID) else { return }
        let step = configuration.stepShare * scales[leadClass]
        if plannedDropoff - promise > configuration.toleranceSeconds {
            slackSeconds[leadClass] += (1 - configuration.lateShare) * step
        } else {
            slackSeconds[leadClass] = max(0, slackSeconds[leadClass] - configuration.lateShare * step)
        }
    }

    /// Drops quoted jobs that left the queue without flying (cancelled, rescheduled): they teach nothing.
    package mutating func keepOnly(_ deliveryIDs: Set<String>) {
        pending = pending.filter { deliveryIDs.contains($0.key) }
    }

    /// Quoted jobs still waiting for their launch.
    package var pendingCount: Int { pending.count }
}
