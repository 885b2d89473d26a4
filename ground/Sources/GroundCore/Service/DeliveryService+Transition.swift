import FleetProtocol
import Foundation

extension DeliveryService {
    /// How often a change is re-read and re-applied after losing a compare-and-set before giving up.
    /// Each loss means another writer made progress, so this only runs out under a storm of writers.
    static let transitionAttempts = 16

    /// Loads, changes and saves a delivery with its history row as one compare-and-set, publishing a
    /// tracking update when the status changed. Returns (before, after) of the write that won.
    ///
    /// When another writer changed the row in between (this instance or another of the share group),
    /// the save writes nothing and `change` runs again on the fresh row: a request then sees the
    /// status that won (and is refused with 409 if its move is no longer legal), a drone's progress
    /// or a scheduler decision is re-applied or dropped by its own guards.
    ///
    /// `current` is the row as this instance last read or wrote it, used for the first attempt instead of
    /// a read (a booking's first decision is written onto the row it just inserted).
    ///
    /// `note` records a change that keeps the status (a reschedule of a queued delivery) in the history,
    /// as an entry from the status to itself with the note as its reason.
    func mutate(
        _ id: String, businessID: String?, ignoreIllegal: Bool = false, phase: AssignmentPhase? = nil,
        note: String? = nil, current: Delivery? = nil,
        _ change: (inout Delivery) throws(DeliveryTransitionError) -> Void
    ) async throws(DeliveryServiceError) -> (Delivery, Delivery) {
        var lost: StoreError?
        for attempt in 1...Self.transitionAttempts {
            let before: Delivery
            let known =
                attempt == 1
                && current.map { $0.id == id && (businessID == nil || $0.businessID == businessID) } == true
            if known, let current {
                before = current
            } else {
                before = try await get(id, businessID: businessID)
            }
            var after = before
            do { try change(&after) } catch {
                // Refused or left unchanged on the copy at hand: the stored row decides (next attempt).
                if known { continue }
                if lost != nil { countRace?(ignoreIllegal ? "dropped" : "refused") }
                if ignoreIllegal { return (before, before) }
                throw .conflict(error)
            }
            guard after != before else {
                if known { continue }
                if lost != nil { countRace?("dropped") }
                return (before, after)
            }
            let statusChange =
                after.status == before.status
                ? note.map {
                    DeliveryStatusChange(
                        deliveryID: id, from: before.status, to: after.status, reason: $0, at: after.updatedAt)
                }
                : DeliveryStatusChange(
                    deliveryID: id, from: before.status, to: after.status, reason: after.reason, at: after.updatedAt)
            // Built for this attempt's `after`: a lost compare-and-set builds them again for the re-read row.
            var messages: [WebhookMessage] = []
            if let outbox {
                do { messages = try await outbox.messages(before: before, after: after) } catch { throw .store(error) }
            }
            do {
                try await store.updateDelivery(after, change: statusChange, enqueue: messages)
            } catch  where error.kind == .staleVersion {
                lost = error
                countRace?("retried")
                logger.debug(
                    "delivery changed concurrently; re-reading",
                    metadata: [
                        "delivery": "\(id)", "attempt": "\(attempt)", "from": "\(before.status.rawValue)",
                        "to": "\(after.status.rawValue)",
                    ])
                continue
            } catch {
                throw .store(error)
            }
            after.version = before.version + 1
            if lost != nil { countRace?("reapplied") }
            if !messages.isEmpty { await outbox?.enqueued() }
            await notifier?.deliveryChanged(before: before, after: after)
            if statusChange != nil {
                logger.info(
                    "delivery status",
                    metadata: [
                        "delivery": "\(id)", "from": "\(before.status.rawValue)", "to": "\(after.status.rawValue)",
                    ])
                var update = latest[id] ?? TrackingUpdate(deliveryID: id, status: after.status, time: after.updatedAt)
                if let phase { update.phase = phase }
                await publish(update, for: after)
            }
            return (before, after)
        }
        countRace?("exhausted")
        logger.error(
            "delivery change gave up after losing every compare-and-set",
            metadata: ["delivery": "\(id)", "attempts": "\(Self.transitionAttempts)"])
        throw .store(lost ?? StoreError(.staleVersion, operation: "update delivery \(id)"))
    }
}
