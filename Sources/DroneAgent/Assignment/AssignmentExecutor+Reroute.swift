import FleetProtocol
import MAVLink

extension AssignmentExecutor {
    /// A no-fly zone now crosses the assignment's path: take the new route (and fences), and if the
    /// mission is already on the autopilot, upload the new fences, then the mission rebuilt along the new
    /// route, and continue from the leg the drone is flying (it goes from where it is to the new leg's
    /// first waypoint).
    func reroute(assignmentID: String, route: Assignment.Route, airspace: Airspace?, vehicle: VehicleState) async
        -> (accepted: Bool, reason: ReasonCode?, message: String?)
    {
        guard let current = active, current.assignment.assignmentID == assignmentID else {
            return (false, .unknownAssignment, "no active assignment \(assignmentID)")
        }
        var assignment = current.assignment
        assignment.route = route
        if let airspace { assignment.airspace = airspace }
        switch current.phase {
        case .received, .accepted, .preflight:
            // Not uploaded yet: the launch uploads the new route and fences.
            active?.assignment = assignment
            saveDetail()
            return (true, nil, "route replaced before launch")
        case .takeoff, .enRouteToPickup, .atPickup, .enRouteToDropoff, .atDropoff, .returning:
            break
        case .landed, .completed, .aborted, .rejected:
            return (false, .invalidState, "assignment is \(current.phase.rawValue)")
        }
        guard vehicle.autopilotAlive else { return (false, .invalidState, "no autopilot heartbeat") }
        let phase = current.phase
        do {
            let adapter = try await autopilot.currentAdapter()
            if let airspace {
                try await autopilot.installFence(
                    FenceEncoder.items(airspace), cruiseAltitudeM: assignment.cruiseAltitudeM)
            }
            let plan = builder.plan(assignment, home: vehicle.home)
            let (items, seqOfStep) = adapter.encode(plan.steps, home: vehicle.home)
            let mission = adapter.encode(plan, home: vehicle.home)
            let step = builder.resumeStep(for: phase, in: plan, route: route)
            let seq = step < seqOfStep.count ? seqOfStep[step] : items.count - 1
            // Persist the new route and layout first: a restart then follows the new mission.
            active?.assignment = assignment
            active?.detail.layout = mission.layout
            active?.detail.lastItemReached = nil
            saveDetail()
            try await autopilot.uploadMission(mission.items)
            foreignUploadBaseline = .some(await autopilot.snapshot().foreignMissionUpload?.serial)
            try await autopilot.setCurrentMissionItem(seq)
            try await autopilot.startMission(first: seq)
            logger.notice(
                "re-routed", metadata: ["assignmentId": "\(assignmentID)", "phase": "\(phase)", "resumeItem": "\(seq)"])
            return (true, nil, "re-routed from mission item \(seq)")
        } catch {
            // The autopilot refused the new fence or mission: the old mission may be gone, so the drone
            // must not go on flying a path that crosses the zone. Return home and say why.
            logger.error("re-route failed", metadata: ["error": "\(error)"])
            let now = await autopilot.snapshot()
            await abort(
                .missionFailed, action: now.airborne ? .returnHome : .none, vehicle: now,
                detail: "re-route failed: \(error)")
            return (false, .invalidState, "re-route failed: \(error)")
        }
    }
}
