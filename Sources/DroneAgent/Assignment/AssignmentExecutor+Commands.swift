import FleetProtocol
import Foundation

extension AssignmentExecutor {
    /// Executes a (fresh, unexpired) command and says whether it was accepted and why not.
    public func handle(_ command: Command) async -> (accepted: Bool, reason: ReasonCode?, message: String?) {
        let vehicle = await autopilot.snapshot()
        switch command.kind {
        case .assign(let assignment):
            return assign(assignment, vehicle: vehicle)
        case let .cancel(assignmentID, returnTo):
            guard let current = active, current.assignment.assignmentID == assignmentID else {
                return (false, .unknownAssignment, "no active assignment \(assignmentID)")
            }
            if current.phase == .aborted, current.detail.abortReason == .cancelled {
                // Already cancelled (a re-sent cancel whose reply was lost): the same answer, nothing more to do.
                return (true, nil, nil)
            }
            guard !current.phase.isTerminal else {
                return (false, .invalidState, "assignment already \(current.phase.rawValue)")
            }
            let action: AbortAction
            if current.phase.order < AssignmentPhase.takeoff.order {
                action = .none
            } else if current.phase.carriesPayload || current.phase == .atPickup && configuration.loadingMode == .land {
                action = returnTo == .pickup ? .returnToPickup : .returnHome
            } else {
                action = .returnHome
            }
            await abort(.cancelled, action: action, vehicle: vehicle)
            return (true, nil, nil)
        case .recall:
            await override(.recalled, action: .returnHome, vehicle: vehicle)
            return (true, nil, nil)
        case .landNow:
            await override(.landNow, action: .landHere, vehicle: vehicle)
            return (true, nil, nil)
        case let .resendEvents(fromSeq):
            return resendEvents(from: Int64(clamping: fromSeq))
        case let .reroute(assignmentID, route, airspace):
            return await reroute(assignmentID: assignmentID, route: route, airspace: airspace, vehicle: vehicle)
        }
    }

    /// Ground lost events after the broker had them: put what is kept from `from` on back in the outbox.
    private func resendEvents(from: Int64) -> (accepted: Bool, reason: ReasonCode?, message: String?) {
        do {
            let (requeued, prunedThrough) = try store.requeuePublished(fromSeq: from)
            recorder.signal.notify()
            logger.notice(
                "re-sending events on ground's request", metadata: ["fromSeq": "\(from)", "count": "\(requeued)"])
            if prunedThrough >= from {
                return (
                    false, .eventsUnavailable,
                    "events \(from)...\(prunedThrough) were pruned; re-sent \(requeued) newer ones"
                )
            }
            return (true, nil, "re-sent \(requeued) events")
        } catch {
            return (false, .other, "cannot re-queue events: \(error)")
        }
    }

    private func assign(_ assignment: Assignment, vehicle: VehicleState) -> (
        accepted: Bool, reason: ReasonCode?, message: String?
    ) {
        if let current = active, current.assignment.assignmentID == assignment.assignmentID {
            // This assignment is already ours: the command was accepted before and its stored reply was lost
            // (a crash between acting and storing the reply). Same answer, no second action.
            return (true, nil, nil)
        }
        let busy = active != nil
        do {
            try recorder.record(.phase(.received), assignmentID: assignment.assignmentID, vehicle: vehicle)
        } catch {
            return (false, .other, "cannot store event: \(error)")
        }
        if let rejection = checks.evaluate(assignment, vehicle: vehicle, busy: busy) {
            do {
                try recorder.record(
                    .phase(.rejected, reason: rejection.reason), assignmentID: assignment.assignmentID, vehicle: vehicle
                )
            } catch {
                logger.error("cannot record rejection", metadata: ["error": "\(error)"])
            }
            logger.info(
                "assignment rejected",
                metadata: [
                    "assignmentId": "\(assignment.assignmentID)",
                    "reason": "\(rejection.reason.rawValue)", "detail": "\(rejection.message)",
                ])
            return (false, rejection.reason, rejection.message)
        }
        active = Active(
            assignment: assignment, phase: .received,
            detail: ExecutionDetail(
                startBatteryPercent: vehicle.batteryPercent, startEnergyConsumedWh: vehicle.energyConsumedWh))
        guard transition(to: .accepted, vehicle: vehicle) else {
            active = nil
            return (false, .other, "cannot persist assignment")
        }
        launchedInThisRun = false
        foreignUploadBaseline = nil
        wakeup?.yield()
        return (true, nil, nil)
    }

    /// Recall or land-now: abort an active assignment, or act directly when there is none.
    private func override(_ reason: ReasonCode, action: AbortAction, vehicle: VehicleState) async {
        if let current = active {
            if current.phase == .aborted {
                active?.detail.abortAction = action
                active?.detail.abortCommanded = false
                saveDetail()
                await performAbortAction(vehicle: vehicle)
            } else {
                await abort(
                    reason, action: current.phase.order < AssignmentPhase.takeoff.order ? .none : action,
                    vehicle: vehicle)
            }
            return
        }
        guard vehicle.airborne else { return }
        do {
            if action == .landHere { try await autopilot.land() } else { try await autopilot.returnToLaunch() }
        } catch {
            logger.error("override failed", metadata: ["reason": "\(reason)", "error": "\(error)"])
        }
    }
}
