import FleetProtocol
import Foundation
import GroundCore

extension MQTTDispatcher {
    /// A drone answered a command (from the ingest).
    package func handle(_ reply: CommandReply) async {
        guard let command = outstanding.removeValue(forKey: reply.commandID) else {
            logger.debug("reply to an unknown or expired command", metadata: ["command": "\(reply.commandID)"])
            return
        }
        let reason = reply.reason?.rawValue ?? "no reason given"
        switch command.purpose {
        case let .assign(deliveryID, assignmentID, etaPickup, etaDropoff):
            if reply.accepted {
                lastReason[deliveryID] = nil
                excluded[deliveryID] = nil
                // Before any suspension: the drone's first event must not look like a lost acceptance.
                settling[deliveryID] = (command.droneID, ContinuousClock.now)
                await resolveOffer(assignmentID, as: .accepted)
                settle(
                    deliveryID,
                    .scheduled(
                        droneID: command.droneID, assignmentID: assignmentID, etaPickup: etaPickup,
                        etaDropoff: etaDropoff))
            } else {
                logger.info(
                    "drone rejected delivery",
                    metadata: ["delivery": "\(deliveryID)", "drone": "\(command.droneID)", "reason": "\(reason)"])
                requestRound()
                exclude(deliveryID, droneID: command.droneID)
                await resolveOffer(assignmentID, as: .rejected)
            }
        case .control:
            let result: Result<Void, DispatchError> =
                reply.accepted
                ? .success(()) : .failure(.rejected(droneID: command.droneID, reason: reason))
            answerControl(reply.commandID, with: result)
        case let .reroute(deliveryID, assignmentID, zoneID, route):
            await rerouteAnswered(
                reply, droneID: command.droneID, deliveryID: deliveryID, assignmentID: assignmentID, zoneID: zoneID,
                route: route)
        case let .eventReplay(fromSeq):
            if reply.accepted {
                logger.info(
                    "drone re-sends events",
                    metadata: [
                        "drone": "\(command.droneID)", "fromSeq": "\(fromSeq)", "detail": "\(reply.message ?? "-")",
                    ])
            } else {
                logger.error(
                    "drone cannot re-send all missing events: the log keeps a gap",
                    metadata: [
                        "drone": "\(command.droneID)", "fromSeq": "\(fromSeq)", "reason": "\(reason)",
                        "detail": "\(reply.message ?? "-")",
                    ])
            }
        }
    }

    /// A drone's link died (LWT): offers to it are void and its deliveries not yet picked up go
    /// back to the queue for another drone.
    package func droneWentOffline(_ droneID: String) async {
        var offeredTo: [String] = []
        var withdrawn: [String] = []
        for (commandID, command) in outstanding where command.droneID == droneID {
            outstanding[commandID] = nil
            if case let .assign(_, assignmentID, _, _) = command.purpose {
                resolving.insert(assignmentID)
                withdrawn.append(assignmentID)
            }
            if let deliveryID = command.deliveryID {
                excluded[deliveryID, default: []].insert(droneID)
                offeredTo.append(deliveryID)
            }
            answerControl(commandID, with: .failure(.droneOffline(droneID)))
        }
        for assignmentID in withdrawn { await resolveOffer(assignmentID, as: .withdrawn) }
        for deliveryID in offeredTo { exclude(deliveryID, droneID: droneID) }
        defer { requestRound() }
        let active: [Delivery]
        do { active = try await store.activeDeliveries() } catch {
            logger.error(
                "drone offline: cannot read its deliveries to requeue them",
                metadata: ["drone": "\(droneID)", "error": "\(error)"])
            return
        }
        for delivery in active where delivery.assignedDroneID == droneID && delivery.status == .scheduled {
            // The requeue writes the exclusion to the row; memory bridges the write (see recorded(_:succeeded:)).
            excluded[delivery.id, default: []].insert(droneID)
            emit.yield(
                .droneLost(
                    deliveryID: delivery.id, droneID: droneID, reason: "drone \(droneID) went offline before pickup"))
            // Queued in the drone's broker session: if it comes back it drops the stale assignment.
            if let assignmentID = delivery.assignmentID {
                await sendCancel(droneID: droneID, assignmentID: assignmentID, returnTo: .home)
            }
        }
    }

    /// Hands a decision to the request waiting for it, or applies it directly.
    func settle(_ deliveryID: String, _ decision: DispatchDecision) {
        if let waiter = popWaiter(deliveryID) {
            waiter.continuation.resume(returning: decision)
            return
        }
        emit.yield(.decided(deliveryID: deliveryID, decision: decision))
    }

    func popWaiter(_ deliveryID: String) -> DispatchWaiter? {
        guard var list = waiters[deliveryID], !list.isEmpty else { return nil }
        let first = list.removeFirst()
        waiters[deliveryID] = list.isEmpty ? nil : list
        return first
    }

    /// Replies that did not come in time count as rejections; waiting requests get their answer.
    func expireDeadlines() {
        let clock = ContinuousClock.now
        for (commandID, command) in outstanding where command.deadline < clock {
            outstanding[commandID] = nil
            switch command.purpose {
            case let .assign(deliveryID, assignmentID, _, _):
                logger.warning(
                    "no reply to assign", metadata: ["delivery": "\(deliveryID)", "drone": "\(command.droneID)"])
                excluded[deliveryID, default: []].insert(command.droneID)
                let droneID = command.droneID
                // It may still accept late: tell it to drop the assignment.
                resolving.insert(assignmentID)
                Task {
                    await self.resolveOffer(assignmentID, as: .expired)
                    await self.sendCancel(droneID: droneID, assignmentID: assignmentID, returnTo: .home)
                }
                exclude(deliveryID, droneID: droneID)
                requestRound()
            case .control:
                answerControl(commandID, with: .failure(.unavailable("no reply from \(command.droneID)")))
            case let .reroute(deliveryID, _, zoneID, _):
                // The next round checks the flight again and sends a new reroute if it still needs one.
                logger.warning(
                    "no reply to reroute",
                    metadata: ["delivery": "\(deliveryID)", "zone": "\(zoneID)", "drone": "\(command.droneID)"])
            case .eventReplay:
                logger.info(
                    "no reply to resend-events yet; the ingest asks again while the gap stays",
                    metadata: ["drone": "\(command.droneID)"])
            }
        }
        let offered = Set(outstanding.values.compactMap(\.deliveryID))
        for (deliveryID, list) in waiters {
            // While an offer is out the request keeps waiting for its reply (bounded by replyTimeout),
            // so the HTTP answer and a late acceptance never race each other on the delivery row.
            guard !offered.contains(deliveryID) else { continue }
            let (expired, kept) = (list.filter { $0.deadline < clock }, list.filter { $0.deadline >= clock })
            guard !expired.isEmpty else { continue }
            waiters[deliveryID] = kept.isEmpty ? nil : kept
            let reason = lastReason[deliveryID] ?? "waiting for a drone"
            for waiter in expired { waiter.continuation.resume(returning: .queued(reason: reason)) }
        }
    }

    /// Never offer `droneID` this delivery again: at once in memory (a round may run while the row is
    /// written), then in the delivery row, where every later leader reads it. The memory entry goes
    /// once the row has it (``recorded(_:succeeded:)``), so an operator lifting the exclusion (manual
    /// dispatch) is obeyed; a failed write keeps it in memory only (the service logs the failure).
    func exclude(_ deliveryID: String, droneID: String) {
        excluded[deliveryID, default: []].insert(droneID)
        emit.yield(.excluded(deliveryID: deliveryID, droneID: droneID))
    }

    func confirmExclusion(_ deliveryID: String, droneID: String) {
        exclusionWrites += 1
        confirmedExclusions[deliveryID, default: [:]][droneID] = exclusionWrites
    }

    /// Forgets the confirmed exclusions written before a read of the rows that began at `writes`.
    func forgetConfirmedExclusions(readAfter writes: Int) {
        for (deliveryID, drones) in confirmedExclusions {
            for (droneID, confirmed) in drones where confirmed <= writes {
                forgetExclusion(deliveryID, droneID: droneID)
                confirmedExclusions[deliveryID]?[droneID] = nil
            }
            if confirmedExclusions[deliveryID]?.isEmpty == true { confirmedExclusions[deliveryID] = nil }
        }
    }

    func forgetExclusion(_ deliveryID: String, droneID: String) {
        excluded[deliveryID]?.remove(droneID)
        if excluded[deliveryID]?.isEmpty == true { excluded[deliveryID] = nil }
    }
}
