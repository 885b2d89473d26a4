import Foundation
import GroundCore

extension MQTTDispatcher {
    /// The dropoff ETA a planned delivery is answered with. Its first one becomes the promise: with the
    /// launch hold on (`--promise-hold`) that is the plan's dropoff plus the slack ``PromiseQuoter`` learned
    /// from how far recent promises slipped, so the hold lands the job on it unless it slips further. Without
    /// the hold a drone flies as soon as it can, so a later quote would only be met early: the plan's own ETA.
    func quotedDropoff(_ delivery: Delivery, _ job: PlannedJob) -> Double {
        guard configuration.planner.holdsForPromise, delivery.initialETADropoff == nil else { return job.etaDropoff }
        return promiseQuoter.quote(job, for: plannerJob(delivery), now: now().timeIntervalSince1970)
    }

    /// A promised delivery about to be offered: the quoter learns whether its promise held.
    func learnPromise(_ delivery: Delivery, launching job: PlannedJob) {
        guard let promise = delivery.initialETADropoff else { return }
        promiseQuoter.launched(
            deliveryID: delivery.id, promise: promise.timeIntervalSince1970, plannedDropoff: job.etaDropoff)
    }
}
