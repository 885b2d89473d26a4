import Foundation
import GroundCore

extension MQTTDispatcher {
    /// A new booking's first answer from the last round's plan (``quoteBook``), before its row is written:
    /// the booking goes at the end of the drones' queues where the day planner puts it, or is queued with
    /// the planner's reason, and one round (coalesced over the bookings of
    /// ``DispatcherConfiguration/bookingRoundDelay``) re-optimises the queue and may move it (the row and the
    /// tracking stream follow). Nil, for ``book(_:)`` once the row is in: a booking due now on an idle drone
    /// (an offer the drone accepts answers it, 201), an express one and one late at the end of the queues
    /// (the round may place them ahead of queued jobs), any booking while there is no current plan.
    package func quote(_ delivery: Delivery) async -> DispatchDecision? {
        guard await leadership.isLeader else { return nil }
        let seconds = now().timeIntervalSince1970
        if let reason = quoteBook?.gate.reason(pickup: delivery.pickup, dropoff: delivery.dropoff) {
            return answered(delivery.id, .queued(reason: reason))
        }
        // In place: a copy of the book would copy every drone at every booking.
        switch quoteBook?.quote(plannerJob(delivery), now: seconds) {
        case let .planned(job)?:
            lastPlan[delivery.id] = job
            lastReason[delivery.id] = nil
            return answered(
                delivery.id,
                .planned(
                    droneID: job.droneID, etaPickup: Date(timeIntervalSince1970: job.etaPickup),
                    etaDropoff: Date(timeIntervalSince1970: quotedDropoff(delivery, job)),
                    marginSeconds: job.marginSeconds.rounded(),
                    reason: Self.describe(job, pinned: false)))
        case let .unplaced(reason)?:
            return answered(delivery.id, .queued(reason: Self.describe(reason)))
        case .round?, nil:
            return nil
        }
    }

    /// A booking not answered by ``quote(_:)``, its row written: waits for the round (started now) as
    /// ``dispatch(_:)`` does, but without voiding the plan other bookings are quoted from.
    package func book(_ delivery: Delivery) async -> DispatchDecision {
        guard await leadership.isLeader else { return .queued(reason: Self.followerReason) }
        // Not ``requestRound()``: that voids the quote book, and nothing the plan is made of changed.
        roundRequested = true
        wake.yield()
        return await answerFromRound(delivery.id)
    }

    /// Records a booking answered from the book (the next round rewrites its row only if the plan moves it,
    /// and keeps the quote while the row is on its way) and asks for the coalesced round.
    private func answered(_ deliveryID: String, _ decision: DispatchDecision) -> DispatchDecision {
        if case let .queued(reason) = decision { lastReason[deliveryID] = reason }
        quotedAt[deliveryID] = roundCount
        let due = max(ContinuousClock.now, roundStartedAt + configuration.bookingRoundDelay)
        if due < nextRound {
            nextRound = due
            scheduleTimer()
        }
        return decision
    }

    /// The book of the plan a round just made, unless something the plan did not see happened meanwhile
    /// (``planTriggers`` moved since `triggers`).
    func keepQuoteBook(
        _ planner: DayPlanner, gate: WeatherGate, drones: [PlannerDrone], plan: DayPlan, busy: Set<String>,
        now: Double, triggers: Int
    ) {
        guard planTriggers == triggers else {
            quoteBook = nil
            return
        }
        var book = QuoteBook(planner: planner, gate: gate, drones: drones, queues: plan.queues, busy: busy, now: now)
        // Bookings quoted after this round read the rows are not in its plan: they still hold their places.
        for deliveryID in quotedAt.keys {
            if let job = lastPlan[deliveryID] { book.append(job) }
        }
        quoteBook = book
    }

    /// Quotes the round has now seen as rows (or that are too old to still be on their way) no longer need
    /// keeping apart from the plan.
    func settleQuotes(seen pendingIDs: Set<String>) {
        guard !quotedAt.isEmpty else { return }
        let oldest = roundCount - 3
        quotedAt = quotedAt.filter { !pendingIDs.contains($0.key) && $0.value >= oldest }
    }
}
