import FleetProtocol
import Foundation
import GroundCore
import MQTTClient

extension IngestPipeline {
    /// Presence and status: registry, store, dispatcher (offline → reassign, online → new round),
    /// and catch-up of a delivery's status from the retained phase (after a ground restart the
    /// events sent meanwhile may be gone; the retained state is not).
    mutating func handleState(_ message: MQTTMessage, from drone: DroneID) async {
        guard let state = decode(DroneState.self, message, from: drone) else { return }
        ingest.metrics.recordIngest(kind: "state")
        let id = drone.rawValue
        if let home = state.home { homes[id] = home }
        profiles[id] = state.capabilities.planningProfile
        var assignment: ActiveAssignment?
        if let assignmentID = state.assignmentID { assignment = await directory.lookup(assignmentID, force: true) }
        if let assignmentID = state.assignmentID, assignment == nil, state.presence == .online {
            assignment = await reconcileUnknown(assignmentID, droneID: id, phase: state.phase)
        }
        await ingest.fleet.apply(state: state, deliveryID: assignment?.deliveryID)
        var capabilities: String?
        do { capabilities = String(decoding: try JSONEncoder().encode(state.capabilities), as: UTF8.self) } catch {
            ingest.logger.error(
                "drone capabilities not encoded; stored without them",
                metadata: ["drone": "\(id)", "error": "\(error)"])
        }
        let record = DroneRecord(
            id: id, lastState: String(decoding: message.payload, as: UTF8.self),
            capabilities: capabilities,
            home: state.home, lastSeen: Date(timeIntervalSince1970: Double(state.timeMs) / 1000),
            online: state.presence == .online)
        do { try await ingest.store.upsertDrone(record) } catch {
            ingest.logger.error("drone state not stored", metadata: ["drone": "\(id)", "error": "\(error)"])
        }
        guard state.presence == .online else {
            await ingest.dispatcher?.droneWentOffline(id)
            return
        }
        _ = await eventLog(of: id)
        let time = Date(timeIntervalSince1970: Double(state.timeMs) / 1000)
        // An abort is left to its event, which carries the reason (low battery, geofence...); the state
        // message may overtake it, and a delivery failed from it would say only "aborted by drone".
        if let assignmentID = state.assignmentID, let phase = state.phase, let assignment, assignment.droneID == id,
            phase != .rejected, phase != .aborted
        {
            phases[id] = (assignmentID, phase)
            await progress(
                drone: id, assignmentID: assignmentID, assignment: assignment, phase: phase, reason: nil,
                battery: nil, time: time)
        }
        await settleMissedEnds(drone: id, current: state.assignmentID, reportedAt: time)
        await ingest.dispatcher?.requestRound()
    }

    /// Deliveries the store still has on this drone under another assignment than the one it
    /// reports: their end happened while ground was away (see ``DeliveryService/assignmentEnded``).
    mutating func settleMissedEnds(drone: String, current: String?, reportedAt time: Date) async {
        let active: [Delivery]
        do { active = try await ingest.store.activeDeliveries() } catch {
            ingest.logger.error(
                "missed assignment ends not checked: deliveries not read",
                metadata: ["drone": "\(drone)", "error": "\(error)"])
            return
        }
        for delivery in active where delivery.assignedDroneID == drone {
            guard let assignmentID = delivery.assignmentID, assignmentID != current else { continue }
            do {
                if let settled = try await ingest.deliveries.assignmentEnded(
                    delivery.id, droneID: drone, assignmentID: assignmentID, reportedAt: time)
                {
                    estimators[settled.id] = nil
                    directory.forget(assignmentID)
                }
            } catch {
                ingest.logger.warning(
                    "missed assignment end not settled", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
            }
        }
    }

    /// Progress and alarms: stored once per (drone, eventSeq); only a new event moves a delivery.
    mutating func handleEvent(_ message: MQTTMessage, from drone: DroneID) async {
        guard let event = decode(DroneEvent.self, message, from: drone) else { return }
        let id = drone.rawValue
        let kindName: String
        switch event.kind {
        case .phase: kindName = "phase"
        case .alarm: kindName = "alarm"
        }
        let record = DroneEventRecord(
            droneID: id, eventSeq: Int64(clamping: event.eventSeq), kind: kindName, receivedAt: Date(),
            payload: String(decoding: message.payload, as: UTF8.self))
        // Load the drone's log extent before this event is in it: a drone first heard of through an
        // event is then a new one, not one whose events a restart may have lost.
        _ = await eventLog(of: id)
        let outcome: EventRecordOutcome
        do { outcome = try await ingest.store.recordEvent(record) } catch {
            ingest.logger.error(
                "event not stored", metadata: ["drone": "\(id)", "eventSeq": "\(event.eventSeq)", "error": "\(error)"])
            return
        }
        switch outcome {
        case .stored:
            await eventStored(record.eventSeq, droneID: id)
        case .duplicate:
            ingest.metrics.recordIngest(kind: "event_duplicate")
            await followPhase(of: event, from: id)
            return
        case .conflicting(let stored):
            // Two different events under one number: the drone's log is broken from here on. Keep the
            // first, count and log this one so an operator (and the HIL suite) sees it.
            ingest.metrics.recordIngest(kind: "event_conflict")
            ingest.logger.error(
                "drone reused an eventSeq for a different event",
                metadata: [
                    "drone": "\(id)", "eventSeq": "\(event.eventSeq)", "stored": "\(stored)",
                    "received": "\(record.payload)",
                ])
            return
        }
        ingest.metrics.recordIngest(kind: "event")
        let time = Date(timeIntervalSince1970: Double(event.timeMs) / 1000)
        switch event.kind {
        case let .alarm(code, severity, text):
            ingest.logger.warning(
                "drone alarm",
                metadata: [
                    "drone": "\(id)", "code": "\(code.rawValue)", "severity": "\(severity.rawValue)",
                    "message": "\(text)",
                ])
            guard let alerts = ingest.alerts else { return }
            do {
                try await alerts.raise(
                    kind: .alarm, subject: "\(id):\(code.rawValue)",
                    message: "drone \(id) alarm \(code.rawValue) (\(severity.rawValue)): \(text)")
            } catch {
                ingest.logger.error("alarm alert not opened", metadata: ["drone": "\(id)", "error": "\(error)"])
            }
        case let .phase(phase, reason):
            guard let assignmentID = event.assignmentID else { return }
            phases[id] = (assignmentID, phase)
            appliedEventSeq[id] = max(appliedEventSeq[id] ?? 0, record.eventSeq)
            if startBattery[assignmentID] == nil { startBattery[assignmentID] = event.batteryPercent }
            var assignment = await directory.lookup(assignmentID, force: true)
            if assignment == nil { assignment = await reconcileUnknown(assignmentID, droneID: id, phase: phase) }
            await ingest.fleet.apply(
                phase: phase, assignmentID: assignmentID, deliveryID: assignment?.deliveryID, droneID: id)
            guard let assignment, assignment.droneID == id else { return }
            await progress(
                drone: id, assignmentID: assignmentID, assignment: assignment, phase: phase,
                reason: reason.map { code in event.detail.map { "\(code.rawValue): \($0)" } ?? code.rawValue },
                battery: event.batteryPercent, reportedEnergyWh: event.energyUsedWh, time: time)
        }
    }

    /// With a share group every instance gets every event, and the one that stores it first moves the
    /// delivery; the others still follow the drone's phase (fleet view, ETA of the samples they take).
    /// Only a phase newer than any applied here counts: a re-sent old event must not turn it back.
    mutating func followPhase(of event: DroneEvent, from id: String) async {
        guard relay != nil, case let .phase(phase, _) = event.kind, let assignmentID = event.assignmentID else {
            return
        }
        let seq = Int64(clamping: event.eventSeq)
        guard seq > appliedEventSeq[id] ?? 0 else { return }
        appliedEventSeq[id] = seq
        phases[id] = (assignmentID, phase)
        let assignment = await directory.lookup(assignmentID, force: true)
        await ingest.fleet.apply(
            phase: phase, assignmentID: assignmentID, deliveryID: assignment?.deliveryID, droneID: id)
        if phase.isTerminal, let assignment {
            estimators[assignment.deliveryID] = nil
            startBattery[assignmentID] = nil
            directory.forget(assignmentID)
            await ingest.dispatcher?.requestRound()
        }
    }

    /// Moves the delivery along; at the end of an assignment frees the drone for the next round.
    mutating func progress(
        drone: String, assignmentID: String, assignment: ActiveAssignment, phase: AssignmentPhase, reason: String?,
        battery: Double?, reportedEnergyWh: Double? = nil, time: Date
    ) async {
        var energy: Double?
        if phase == .completed || phase == .aborted {
            // The agent's own figure survives restarts on both sides; the battery drop seen by this
            // instance is the fallback for agents that do not report it.
            if let reportedEnergyWh {
                energy = reportedEnergyWh
            } else if let start = startBattery[assignmentID], let battery {
                energy = max(0, start - battery) / 100 * profile(of: drone).batteryCapacityWh
            }
        }
        let progress = DroneProgress(
            droneID: drone, deliveryID: assignment.deliveryID, assignmentID: assignmentID, phase: phase,
            reason: reason, energyUsedWh: energy, time: time)
        do { try await ingest.deliveries.apply(progress) } catch {
            ingest.logger.warning(
                "progress not applied",
                metadata: ["delivery": "\(assignment.deliveryID)", "phase": "\(phase.rawValue)", "error": "\(error)"])
        }
        if phase.isTerminal {
            estimators[assignment.deliveryID] = nil
            startBattery[assignmentID] = nil
            directory.forget(assignmentID)
            await ingest.dispatcher?.requestRound()
        }
    }
}
