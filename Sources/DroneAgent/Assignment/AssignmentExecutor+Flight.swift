import FleetProtocol
import MAVLink

extension AssignmentExecutor {
    /// The nominal phase order a flight moves through.
    static let flightPhases: [AssignmentPhase] = [.takeoff, .enRouteToPickup, .atPickup, .enRouteToDropoff, .atDropoff, .returning, .landed]
    /// How long the autopilot may report a mission other than ours before the assignment is aborted.
    static let missionMismatchGrace: Duration = .seconds(5)

    func tick() async {
        let vehicle = await autopilot.snapshot()
        watchAutopilot(vehicle)
        guard let current = active else { return }
        switch current.phase {
        case .received, .accepted, .preflight:
            await launch(vehicle: vehicle)
        case .takeoff where !launchedInThisRun && !vehicle.armed && vehicle.onGround && !vehicle.mission.isComplete:
            // Restarted between "takeoff" and the autopilot flying: launch again (no new events).
            await launch(vehicle: vehicle)
        case .takeoff, .enRouteToPickup, .atPickup, .enRouteToDropoff, .atDropoff, .returning:
            launchedInThisRun = true
            await follow(vehicle: vehicle)
        case .landed:
            if !vehicle.armed { transition(to: .completed, vehicle: vehicle, clear: true) }
        case .aborted:
            await finishAbort(vehicle: vehicle)
        case .rejected, .completed:
            active = nil
        }
    }

    /// Autopilot loss and recovery become alarms.
    private func watchAutopilot(_ vehicle: VehicleState) {
        guard vehicle.autopilotAlive != autopilotAlive else { return }
        autopilotAlive = vehicle.autopilotAlive
        if vehicle.autopilotAlive {
            if autopilotSeen { alarm(.autopilotLost, .info, "autopilot heartbeat recovered", vehicle: vehicle) }
            autopilotSeen = true
        } else if autopilotSeen {
            alarm(.autopilotLost, .critical, "no autopilot heartbeat for \(configuration.heartbeatTimeoutSeconds) s", vehicle: vehicle)
        }
    }

    /// Preflight: upload the mission, then (after persisting "takeoff") arm and start it.
    private func launch(vehicle: VehicleState) async {
        guard let current = active else { return }
        if current.phase == .received || current.phase == .accepted {
            guard transition(to: .preflight, vehicle: vehicle) else { return }
        }
        guard vehicle.autopilotAlive else { return }
        let (items, layout) = builder.build(current.assignment)
        active?.detail.layout = layout
        saveDetail()
        do {
            try await autopilot.uploadMission(items)
            // A cancel may have arrived while we waited for the autopilot.
            guard let now = active, now.phase == .preflight || now.phase == .takeoff else { return }
            if now.phase == .preflight {
                guard transition(to: .takeoff, vehicle: await autopilot.snapshot()) else { return }
            }
            launchedInThisRun = true
            try await autopilot.arm()
            try await autopilot.startMission(first: 0)
        } catch {
            logger.error("launch failed", metadata: ["error": "\(error)"])
            await abort(.missionFailed, action: vehicle.airborne ? .returnHome : .none, vehicle: await autopilot.snapshot())
        }
    }

    /// Maps autopilot progress to phases and watches the failsafes.
    private func follow(vehicle: VehicleState) async {
        guard let current = active, let layout = current.detail.layout else { return }
        if let (reason, action) = failsafe(vehicle: vehicle, phase: current.phase, assignment: current.assignment) {
            await abort(reason, action: action, vehicle: vehicle)
            return
        }
        let mission = vehicle.mission
        // Until the autopilot reports our mission, its progress says nothing about this assignment. If it
        // keeps reporting another one (rebooted, or someone replaced the mission), ours is gone: abort.
        guard mission.reported, mission.total == layout.itemCount else {
            if mission.reported {
                let since = missionMismatchSince ?? .now
                missionMismatchSince = since
                if ContinuousClock.now - since > Self.missionMismatchGrace {
                    missionMismatchSince = nil
                    logger.error("autopilot no longer holds the assignment's mission",
                                 metadata: ["expectedItems": "\(layout.itemCount)", "reportedItems": "\(mission.total)"])
                    await abort(.missionFailed, action: vehicle.airborne ? .returnHome : .none, vehicle: vehicle)
                }
            }
            return
        }
        missionMismatchSince = nil
        var target = layout.phase(current: mission.effectiveCurrent, complete: mission.isComplete)
        if mission.isComplete && vehicle.onGround { target = .landed }
        guard let from = Self.flightPhases.firstIndex(of: current.phase), let to = Self.flightPhases.firstIndex(of: target), to > from else {
            return
        }
        for phase in Self.flightPhases[(from + 1)...to] {
            guard transition(to: phase, vehicle: vehicle) else { return }
        }
    }

    /// A reason to abort now, with what to do, or nil.
    private func failsafe(vehicle: VehicleState, phase: AssignmentPhase, assignment: Assignment) -> (ReasonCode, AbortAction)? {
        // Once the mission's own return leg is flying, an autopilot in RTL or land mode is doing what it was
        // told (ArduPilot switches modes for a mission's RETURN_TO_LAUNCH item), not a failsafe.
        if vehicle.failsafeActive || vehicle.mode.isFailsafeMode && phase.order < AssignmentPhase.returning.order {
            return (.autopilotFailsafe, .none)
        }
        guard phase.order < AssignmentPhase.returning.order else { return nil }
        if let percent = vehicle.batteryPercent, percent < configuration.reserveFraction * 100, let home = vehicle.home,
           let position = vehicle.position {
            let model = EnergyModel(vehicle: configuration.profile)
            let route = RoutePlan(assignment: assignment, home: home)
            let needed = model.remaining(route, from: position.point, altitudeRelM: position.altRelM, phase: .returning).energyWh
            return (.lowBattery, needed <= model.energyWh(atPercent: percent) ? .returnHome : .landHere)
        }
        if phase.order < AssignmentPhase.atPickup.order, let since = groundLinkDownSince,
           ContinuousClock.now - since > .milliseconds(Int64(configuration.linkLossReturnSeconds * 1000)) {
            return (.groundLinkLost, .returnHome)
        }
        return nil
    }

    /// Records "aborted" (persisted first), then commands the vehicle.
    func abort(_ reason: ReasonCode, action: AbortAction, vehicle: VehicleState) async {
        guard let current = active, !current.phase.isTerminal else { return }
        active?.detail.abortReason = reason
        active?.detail.abortAction = action
        active?.detail.abortCommanded = action == .none
        guard transition(to: .aborted, reason: reason, vehicle: vehicle) else { return }
        await performAbortAction(vehicle: vehicle)
    }

    func performAbortAction(vehicle: VehicleState) async {
        guard let current = active, let action = current.detail.abortAction, !current.detail.abortCommanded else { return }
        do {
            switch action {
            case .none:
                break
            case .landHere:
                if vehicle.airborne { try await autopilot.land() }
            case .returnHome:
                if vehicle.airborne {
                    try await autopilot.returnToLaunch()
                } else if vehicle.armed {
                    // On the ground away from home (loading at the pickup): a short mission takes it home.
                    try await autopilot.uploadMission(builder.takeoffAndReturn(altitude: current.assignment.cruiseAltitudeM))
                    try await autopilot.startMission(first: 0)
                }
            case .returnToPickup:
                try await autopilot.uploadMission(builder.returnToPickup(current.assignment))
                try await autopilot.startMission(first: 0)
            }
            active?.detail.abortCommanded = true
            saveDetail()
        } catch {
            logger.error("abort action failed, will retry", metadata: ["action": "\(action)", "error": "\(error)"])
        }
    }

    /// After an abort the assignment stays (busy) until the vehicle is down and disarmed.
    private func finishAbort(vehicle: VehicleState) async {
        if active?.detail.abortCommanded == false {
            await performAbortAction(vehicle: vehicle)
            return
        }
        guard vehicle.autopilotAlive, !vehicle.armed, vehicle.onGround || vehicle.landedState == .unknown else { return }
        do {
            try store.update(.clear)
            logger.info("aborted assignment finished", metadata: ["assignmentId": "\(active?.assignment.assignmentId ?? "-")"])
            active = nil
        } catch {
            logger.error("cannot clear assignment", metadata: ["error": "\(error)"])
        }
    }
}
