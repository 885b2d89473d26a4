import FleetProtocol
import MAVLink

extension AssignmentExecutor {
    /// The nominal phase order a flight moves through.
    static let flightPhases: [AssignmentPhase] = [
        .takeoff, .enRouteToPickup, .atPickup, .enRouteToDropoff, .atDropoff, .returning, .landed,
    ]
    /// How long the autopilot may report a mission other than ours before the assignment is aborted.
    static let missionMismatchGrace: Duration = .seconds(5)
    /// How long RTL/LAND mode must last before the return leg for the agent to call it a failsafe.
    static let failsafeModeGrace: Duration = .seconds(1)

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

    /// Autopilot loss and recovery become alarms, and so does an autopilot the agent cannot fly, a lost
    /// GPS fix, a critical battery and a fence breach.
    private func watchAutopilot(_ vehicle: VehicleState) {
        for raised in alarmWatch.evaluate(vehicle, airspace: active.flatMap { airspace(of: $0.assignment) }, now: .now)
        {
            alarm(raised.code, raised.severity, raised.message, vehicle: vehicle)
        }
        if let unsupported = vehicle.unsupportedAutopilot, !unsupportedAutopilotReported {
            unsupportedAutopilotReported = true
            alarm(.vehicleUnhealthy, .critical, "\(unsupported); assignments are refused", vehicle: vehicle)
        }
        guard vehicle.autopilotAlive != autopilotAlive else { return }
        autopilotAlive = vehicle.autopilotAlive
        if vehicle.autopilotAlive {
            if autopilotSeen { alarm(.autopilotLost, .info, "autopilot heartbeat recovered", vehicle: vehicle) }
            autopilotSeen = true
        } else if autopilotSeen {
            alarm(
                .autopilotLost, .critical, "no autopilot heartbeat for \(configuration.heartbeatTimeoutSeconds) s",
                vehicle: vehicle)
        }
    }

    /// The fences an assignment flies with: ground's airspace, else the service area of the agent's own
    /// configuration (the geofence its acceptance checks use), so the autopilot enforces it either way.
    func airspace(of assignment: Assignment) -> Airspace? {
        assignment.airspace ?? configuration.fence.map { Airspace(inclusion: $0) }
    }

    /// Preflight: check the parameters the mission needs, upload the fence, upload the mission, then (after persisting "takeoff") arm
    /// and start it. Any refusal ends the assignment with the autopilot's answer as the reason.
    private func launch(vehicle: VehicleState) async {
        guard let current = active else { return }
        if current.phase == .received || current.phase == .accepted {
            guard transition(to: .preflight, vehicle: vehicle) else { return }
        }
        guard vehicle.autopilotAlive else { return }
        guard let adapter = vehicle.adapter else {
            let reason = vehicle.unsupportedAutopilot ?? "autopilot family unknown"
            await abort(.missionFailed, action: .none, vehicle: vehicle, detail: reason)
            return
        }
        let plan = builder.plan(current.assignment, home: vehicle.home)
        let mission = adapter.encode(plan, home: vehicle.home)
        active?.detail.layout = mission.layout
        active?.detail.family = adapter.family
        active?.detail.lastItemReached = nil
        saveDetail()
        do {
            try await autopilot.verify(adapter.requiredParameters(for: plan.steps))
            if let airspace = airspace(of: current.assignment) {
                do {
                    try await autopilot.installFence(
                        FenceEncoder.items(airspace), cruiseAltitudeM: current.assignment.cruiseAltitudeM)
                } catch {
                    throw FenceInstallError(underlying: error)
                }
            }
            try await autopilot.uploadMission(mission.items)
            foreignUploadBaseline = .some(await autopilot.snapshot().foreignMissionUpload?.serial)
            // A cancel may have arrived while we waited for the autopilot.
            guard let now = active, now.phase == .preflight || now.phase == .takeoff else { return }
            if now.phase == .preflight {
                guard transition(to: .takeoff, vehicle: await autopilot.snapshot()) else { return }
            }
            launchedInThisRun = true
            try await autopilot.armAndStartMission()
        } catch {
            logger.error("launch failed", metadata: ["error": "\(error)"])
            let now = await autopilot.snapshot()
            await abort(.missionFailed, action: now.airborne ? .returnHome : .none, vehicle: now, detail: "\(error)")
        }
    }

    /// Maps autopilot progress to phases and watches the failsafes and the mission's ownership.
    ///
    /// Progress comes first: PX4 switches to AUTO.RTL for the mission's own RTL item, and the heartbeat
    /// saying so can come with the ITEM_REACHED of the item before it; the phase must be `returning` by
    /// then, or the mode would look like a failsafe.
    private func follow(vehicle: VehicleState) async {
        guard let current = active, let layout = current.detail.layout,
            let adapter = (current.detail.family ?? vehicle.family)?.adapter
        else { return }
        // Someone else (a second ground station) uploaded a mission: ours is gone. Abort with the reason,
        // and leave the vehicle to whoever took it rather than fight over it (it stays ours, busy, until
        // it is down and disarmed).
        let upload = vehicle.foreignMissionUpload
        guard let baseline = foreignUploadBaseline else {
            foreignUploadBaseline = .some(upload?.serial)
            return
        }
        if let upload, upload.serial != baseline {
            await abort(
                .missionFailed, action: .none, vehicle: vehicle, detail: "\(upload.description) during the assignment")
            return
        }
        guard await advance(vehicle: vehicle, layout: layout, adapter: adapter), let now = active else { return }
        if let (reason, action) = failsafe(vehicle: vehicle, phase: now.phase, assignment: now.assignment) {
            await abort(reason, action: action, vehicle: vehicle)
        }
    }

    /// Moves the phase along with the autopilot's progress; false once the assignment was aborted.
    private func advance(vehicle: VehicleState, layout: MissionLayout, adapter: any AutopilotAdapter) async -> Bool {
        guard let current = active else { return false }
        let mission = vehicle.mission
        // Until the autopilot reports our mission, its progress says nothing about this assignment. If it
        // keeps reporting another one (rebooted, or someone replaced the mission), ours is gone: abort.
        // Total 0 means the autopilot does not report it: go by the sequence number alone.
        guard mission.reported else { return true }
        if adapter.holdsMission(mission, layout: layout) == false {
            let since = missionMismatchSince ?? .now
            missionMismatchSince = since
            if ContinuousClock.now - since > Self.missionMismatchGrace {
                missionMismatchSince = nil
                let detail =
                    "autopilot reports a mission of \(mission.total) items, the assignment's has "
                    + "\(adapter.reportedTotal(uploaded: layout.itemCount))"
                logger.error("autopilot no longer holds the assignment's mission", metadata: ["detail": "\(detail)"])
                await abort(
                    .missionFailed, action: vehicle.airborne ? .returnHome : .none, vehicle: vehicle, detail: detail)
                return false
            }
            return true
        }
        missionMismatchSince = nil
        if current.detail.lastItemReached != true, adapter.reachedLastItem(mission, layout: layout) {
            active?.detail.lastItemReached = true
            saveDetail()
        }
        let finished = mission.isComplete || active?.detail.lastItemReached == true
        var target = layout.phase(current: mission.effectiveCurrent, complete: finished)
        // Done: the last item reached (or the autopilot's own completion) and the vehicle down and disarmed.
        if finished && vehicle.onGround && !vehicle.armed { target = .landed }
        guard let from = Self.flightPhases.firstIndex(of: current.phase),
            let to = Self.flightPhases.firstIndex(of: target), to > from
        else {
            return true
        }
        for phase in Self.flightPhases[(from + 1)...to] {
            guard transition(to: phase, vehicle: vehicle) else { return true }
        }
        return true
    }

    /// A reason to abort now, with what to do, or nil.
    private func failsafe(vehicle: VehicleState, phase: AssignmentPhase, assignment: Assignment) -> (
        ReasonCode, AbortAction
    )? {
        // Outside the fence the autopilot runs its own breach action (hold, return, land): the assignment is
        // over, and the agent does not fight the firmware's safety response.
        if alarmWatch.fence.raised { return (.geofenceBreach, .none) }
        // Once the mission's own return leg is flying, an autopilot in RTL or land mode is doing what it was
        // told (ArduPilot switches modes for a mission's RETURN_TO_LAUNCH item), not a failsafe.
        if vehicle.failsafeActive { return (.autopilotFailsafe, .none) }
        // A failsafe mode must outlast the reports that would place it on the mission's return leg: the
        // heartbeat with AUTO.RTL can arrive just before the ITEM_REACHED / MISSION_CURRENT of the RTL item.
        if vehicle.mode.isFailsafeMode && phase.order < AssignmentPhase.returning.order {
            let since = failsafeModeSince ?? .now
            failsafeModeSince = since
            if ContinuousClock.now - since >= Self.failsafeModeGrace { return (.autopilotFailsafe, .none) }
        } else {
            failsafeModeSince = nil
        }
        guard phase.order < AssignmentPhase.returning.order else { return nil }
        if let percent = vehicle.batteryPercent, percent < configuration.reserveFraction * 100, let home = vehicle.home,
            let position = vehicle.position
        {
            let model = EnergyModel(vehicle: configuration.profile)
            let route = RoutePlan(assignment: assignment, home: home)
            let needed = model.remaining(route, from: position.point, altitudeRelM: position.altRelM, phase: .returning)
                .energyWh
            return (.lowBattery, needed <= model.energyWh(atPercent: percent) ? .returnHome : .landHere)
        }
        if phase.order < AssignmentPhase.atPickup.order, let since = groundLinkDownSince,
            ContinuousClock.now - since > .milliseconds(Int64(configuration.linkLossReturnSeconds * 1000))
        {
            return (.groundLinkLost, .returnHome)
        }
        return nil
    }

    /// Records "aborted" (persisted first), then commands the vehicle. A `detail` (the autopilot's refusal,
    /// who replaced the mission) goes to ground as a critical alarm next to the phase event.
    func abort(_ reason: ReasonCode, action: AbortAction, vehicle: VehicleState, detail: String? = nil) async {
        guard let current = active, !current.phase.isTerminal else { return }
        active?.detail.abortReason = reason
        active?.detail.abortAction = action
        active?.detail.abortCommanded = action == .none
        active?.detail.abortDetail = detail
        if let detail { alarm(reason, .critical, detail, vehicle: vehicle) }
        guard transition(to: .aborted, reason: reason, vehicle: vehicle) else { return }
        await performAbortAction(vehicle: vehicle)
    }

    func performAbortAction(vehicle: VehicleState) async {
        guard let current = active, let action = current.detail.abortAction, !current.detail.abortCommanded else {
            return
        }
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
                    try await fly(
                        builder.takeoffAndReturn(
                            at: vehicle.position?.point, altitude: current.assignment.cruiseAltitudeM),
                        vehicle: vehicle)
                }
            case .returnToPickup:
                try await fly(builder.returnToPickup(current.assignment), vehicle: vehicle)
            }
            active?.detail.abortCommanded = true
            saveDetail()
        } catch {
            // The autopilot refuses the way back to the pickup (ArduCopter without MIS_OPTIONS bit 2, say):
            // asking again would refuse again and keep the drone busy forever, so take the package home.
            if action == .returnToPickup, Self.isRefusal(error) {
                alarm(
                    .missionFailed, .warning,
                    "cannot return the package to the pickup (\(error)); returning home with it",
                    vehicle: vehicle)
                active?.detail.abortAction = .returnHome
                saveDetail()
                return
            }
            logger.error("abort action failed, will retry", metadata: ["action": "\(action)", "error": "\(error)"])
        }
    }

    static func isRefusal(_ error: any Error) -> Bool { (error as? AutopilotError)?.isRefusal == true }

    /// Uploads `steps` as the autopilot's family encodes them and starts them.
    private func fly(_ steps: [MissionStep], vehicle: VehicleState) async throws(AutopilotError) {
        let adapter = try await autopilot.currentAdapter()
        try await autopilot.verify(adapter.requiredParameters(for: steps))
        try await autopilot.uploadMission(adapter.encode(steps, home: vehicle.home).items)
        foreignUploadBaseline = .some(await autopilot.snapshot().foreignMissionUpload?.serial)
        try await autopilot.armAndStartMission()
    }

    /// After an abort the assignment stays (busy) until the vehicle is down and disarmed.
    private func finishAbort(vehicle: VehicleState) async {
        if active?.detail.abortCommanded == false {
            await performAbortAction(vehicle: vehicle)
            return
        }
        guard vehicle.autopilotAlive, !vehicle.armed, vehicle.onGround || vehicle.landedState == .unknown else {
            return
        }
        do {
            try store.update(.clear)
            logger.info(
                "aborted assignment finished", metadata: ["assignmentId": "\(active?.assignment.assignmentID ?? "-")"])
            active = nil
        } catch {
            logger.error("cannot clear assignment", metadata: ["error": "\(error)"])
        }
    }
}
