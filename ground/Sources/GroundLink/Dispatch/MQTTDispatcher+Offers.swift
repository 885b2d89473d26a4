import FleetProtocol
import Foundation
import GroundCore

extension MQTTDispatcher {
    /// Records the drone's answer (or ground's withdrawal) on the stored offer; a failure is logged,
    /// the offer then stays open and is resolved from the drone's state later.
    func resolveOffer(_ assignmentID: String, as state: Offer.State) async {
        // Synchronous with the caller up to the write: a round in between does not take the stored
        // offer for one whose answer was lost.
        resolving.insert(assignmentID)
        defer { resolving.remove(assignmentID) }
        do { try await store.resolveOffer(assignmentID: assignmentID, from: [.outstanding], to: state) } catch {
            logger.warning(
                "offer outcome not stored",
                metadata: ["assignment": "\(assignmentID)", "state": "\(state.rawValue)", "error": "\(error)"])
        }
    }

    /// Assignment ids of the offers whose reply this run is waiting for, or whose answer it is writing.
    var offersInFlight: Set<String> {
        Set(
            outstanding.values.compactMap { command in
                if case let .assign(_, assignmentID, _, _) = command.purpose { return assignmentID }
                return nil
            }
        ).union(resolving)
    }

    /// Stored offers still open that this run did not send (a previous run crashed, or another leader
    /// sent them): the drone may be flying them. Their delivery is not offered again and their drone
    /// stays busy until the drone's own state settles it: reporting the assignment adopts it; heard
    /// after the answer was due without it, or offline by then, the offer expires and the drone is told
    /// to drop it. Returns the offers still unsettled.
    ///
    /// A round calls this before it reads the pending deliveries: its own store reads must not widen
    /// the window in which the round's view of the rows goes stale.
    func storedOffersAwaitingAnswer() async throws(StoreError) -> [Offer] {
        let inFlight = offersInFlight
        var waiting: [Offer] = []
        let replyTimeout = configuration.replyTimeout.components
        let timeout = Double(replyTimeout.seconds) + Double(replyTimeout.attoseconds) / 1e18
        for offer in try await store.openOffers() where !inFlight.contains(offer.assignmentID) {
            let delivery = try await store.delivery(id: offer.deliveryID)
            if delivery?.assignmentID == offer.assignmentID {
                // The acceptance reached the row; only the offer's own record was lost.
                try await store.resolveOffer(assignmentID: offer.assignmentID, from: [.outstanding], to: .accepted)
                continue
            }
            // Accepted here a moment ago, the row being written: leave it to the reply's path.
            if settling[offer.deliveryID] != nil {
                waiting.append(offer)
                continue
            }
            guard let delivery, delivery.status == .requested else {
                // The delivery ended or went to another drone meanwhile: the offer is void.
                if try await store.resolveOffer(assignmentID: offer.assignmentID, from: [.outstanding], to: .withdrawn)
                {
                    await sendCancel(droneID: offer.droneID, assignmentID: offer.assignmentID, returnTo: .home)
                }
                continue
            }
            let state = await fleet.state(of: offer.droneID)
            if state?.assignmentID == offer.assignmentID,
                let adopted = await reconcile(
                    reportedAssignment: offer.assignmentID, droneID: offer.droneID, phase: state?.phase)
            {
                emit.yield(.decided(deliveryID: adopted.deliveryID, decision: adopted.acceptance))
                continue
            }
            let due = offer.offeredAt.addingTimeInterval(timeout)
            let heardSince = state.flatMap(\.lastSeen).map { $0 > due } ?? false
            // Offline once the `assign` itself has expired (the drone can no longer accept it): a restart
            // restores every drone as offline until its retained state arrives, so offline alone proves nothing.
            let ttl = configuration.commandTTL.components
            let expired = due.addingTimeInterval(Double(ttl.seconds) + Double(ttl.attoseconds) / 1e18)
            let gone = state?.online != true && now() > expired
            guard heardSince || gone else {
                waiting.append(offer)
                continue
            }
            logger.warning(
                "stored offer never answered: expired",
                metadata: [
                    "delivery": "\(offer.deliveryID)", "drone": "\(offer.droneID)",
                    "assignment": "\(offer.assignmentID)",
                ])
            guard try await store.resolveOffer(assignmentID: offer.assignmentID, from: [.outstanding], to: .expired)
            else { continue }
            // Queued in the drone's session if it is away: it must never start this one late.
            await sendCancel(droneID: offer.droneID, assignmentID: offer.assignmentID, returnTo: .home)
        }
        return waiting
    }

    /// A drone reports (state or event) an assignment that no active delivery row names. Adopted when
    /// it matches an offer to this drone whose answer was lost (ground restarted between sending the
    /// `assign` and storing the acceptance): the delivery becomes scheduled on that drone, and the
    /// drone's progress applies from then on. Anything else is an orphan flight: the drone is told to
    /// abort (once per assignment) and the operator alerted (error log and
    /// `skyrelay_orphan_assignments_total`). Only the leader acts. Returns the adopted offer, whose
    /// ``Offer/acceptance`` the caller writes to the delivery row (a delivery cancelled meanwhile makes
    /// the service withdraw the drone).
    package func reconcile(reportedAssignment assignmentID: String, droneID: String, phase: AssignmentPhase?) async
        -> Offer?
    {
        guard await leadership.isLeader else { return nil }
        // The answer is on its way (or being written): the reply settles it.
        guard !offersInFlight.contains(assignmentID) else { return nil }
        let offer: Offer?
        let delivery: Delivery?
        do {
            offer = try await store.offer(assignmentID: assignmentID)
            if let offer { delivery = try await store.delivery(id: offer.deliveryID) } else { delivery = nil }
        } catch {
            logger.error(
                "cannot check a reported assignment",
                metadata: ["drone": "\(droneID)", "assignment": "\(assignmentID)", "error": "\(error)"])
            return nil
        }
        if let offer, let delivery, offer.droneID == droneID {
            // Already this drone's (a terminal delivery, or the directory was stale): nothing to do.
            if delivery.assignmentID == assignmentID { return nil }
            if settling[delivery.id] != nil { return nil }
            if offer.mayBeFlown, delivery.status == .requested, delivery.assignedDroneID == nil {
                do {
                    if try await store.resolveOffer(
                        assignmentID: assignmentID, from: [.outstanding, .accepted], to: .adopted)
                    {
                        metrics?.recordOrphanAssignment(outcome: "adopted")
                        logger.notice(
                            "adopted a flight whose acceptance was lost",
                            metadata: [
                                "delivery": "\(offer.deliveryID)", "drone": "\(droneID)",
                                "assignment": "\(assignmentID)",
                            ])
                        return offer
                    }
                } catch {
                    logger.error(
                        "reported assignment not adopted",
                        metadata: [
                            "delivery": "\(offer.deliveryID)", "assignment": "\(assignmentID)", "error": "\(error)",
                        ])
                    return nil
                }
            }
        }
        // A finished flight has nothing left to abort (a replayed old event, say).
        if let phase, phase.isTerminal { return nil }
        if abortedOrphans.insert(assignmentID).inserted {
            metrics?.recordOrphanAssignment(outcome: "aborted")
            logger.error(
                "ORPHAN FLIGHT: drone flies an assignment ground did not give it or took back; told to abort",
                metadata: [
                    "drone": "\(droneID)", "assignment": "\(assignmentID)", "delivery": "\(offer?.deliveryID ?? "-")",
                    "offer": "\(offer?.state.rawValue ?? "none")", "phase": "\(phase?.rawValue ?? "-")",
                ])
            await sendCancel(droneID: droneID, assignmentID: assignmentID, returnTo: .home)
        }
        return nil
    }

    /// Stored open offers of a delivery this run did not send (see ``storedOffersAwaitingAnswer()``):
    /// withdrawn with the delivery, and their drone told to drop them.
    func withdrawStoredOffers(of deliveryID: String) async {
        let open: [Offer]
        do { open = try await store.openOffers() } catch {
            logger.warning("stored offers not withdrawn", metadata: ["delivery": "\(deliveryID)", "error": "\(error)"])
            return
        }
        for offer in open where offer.deliveryID == deliveryID {
            await resolveOffer(offer.assignmentID, as: .withdrawn)
            await sendCancel(droneID: offer.droneID, assignmentID: offer.assignmentID, returnTo: .home)
        }
    }
}
