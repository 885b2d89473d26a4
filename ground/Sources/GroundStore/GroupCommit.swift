/// Group commit: writes that arrive while a transaction is being committed wait, and all of them go
/// together in the next one, each in its own savepoint.
///
/// Every caller returns once the transaction holding its write has committed (or with its own write's
/// error: a write that fails rolls back only its savepoint, the others still commit), so a caller
/// answering a client after ``submit(_:)`` still answers only for durable data. Under load one commit
/// (one fsync on PostgreSQL, one WAL append and writer-queue hop on SQLite) serves every write that came
/// in during the previous one; alone, a write commits at once as before.
///
/// No background task: the caller whose write opens an idle batch commits it; when that commit is done
/// and more writes are waiting, the oldest waiting caller is told to commit the next batch.
package actor GroupCommit<Job: Sendable> {
    package typealias Outcome = Result<Void, any Error>
    /// Runs `jobs` in one transaction, each in a savepoint, and gives each its outcome (in order); when the
    /// transaction itself fails, every job gets that failure.
    package typealias Commit = @Sendable ([Job]) async -> [Outcome]

    private enum Turn {
        /// The write was committed in another caller's batch (or failed there).
        case done(Outcome)
        /// The previous batch is committed: this caller commits the writes waiting now, its own first.
        case lead
    }

    private struct Waiting {
        var job: Job
        var turn: CheckedContinuation<Turn, Never>
    }

    private let commit: Commit
    private var waiting: [Waiting] = []
    private var committing = false

    package init(_ commit: @escaping Commit) {
        self.commit = commit
    }

    /// Writes `job` in the next transaction and returns when it has committed; throws the job's error.
    package func submit(_ job: Job) async throws {
        if committing {
            let turn = await withCheckedContinuation { waiting.append(Waiting(job: job, turn: $0)) }
            if case let .done(outcome) = turn { return try outcome.get() }
        }
        committing = true
        let batch = waiting
        waiting = []
        var outcomes = await commit([job] + batch.map(\.job))
        if outcomes.count != batch.count + 1 {
            // A commit function that lost count: nobody may believe an unconfirmed write went through.
            outcomes = Array(repeating: .failure(GroupCommitMiscount()), count: batch.count + 1)
        }
        for (entry, outcome) in zip(batch, outcomes.dropFirst()) { entry.turn.resume(returning: .done(outcome)) }
        if waiting.isEmpty {
            committing = false
        } else {
            waiting.removeFirst().turn.resume(returning: .lead)
        }
        try outcomes[0].get()
    }
}

/// The commit function gave a different number of outcomes than it was given jobs.
package struct GroupCommitMiscount: Error {}
