import FleetProtocol
import GroundCore

extension IngestPipeline {
    /// A drone reports an assignment no active delivery names: the dispatcher adopts it when it matches
    /// a stored offer whose answer was lost (then the delivery row is written here, so this very
    /// message's progress applies), or tells the drone to abort (see ``MQTTDispatcher/reconcile``).
    /// Returns the assignment once adopted.
    mutating func reconcileUnknown(_ assignmentID: String, droneID: String, phase: AssignmentPhase?) async
        -> ActiveAssignment?
    {
        guard let dispatcher = ingest.dispatcher,
            let offer = await dispatcher.reconcile(reportedAssignment: assignmentID, droneID: droneID, phase: phase)
        else { return nil }
        do { try await ingest.deliveries.apply(offer.acceptance, to: offer.deliveryID) } catch {
            ingest.logger.error(
                "adopted flight not written to its delivery",
                metadata: [
                    "delivery": "\(offer.deliveryID)", "drone": "\(droneID)", "assignment": "\(assignmentID)",
                    "error": "\(error)",
                ])
            return nil
        }
        return await directory.lookup(assignmentID, force: true)
    }
}
