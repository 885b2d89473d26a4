import FleetProtocol
import Foundation
import Logging
import MAVLink

/// Runs one assignment at a time through DESIGN.md's lifecycle.
///
/// Every phase change is an outbox event stored in the same transaction as the new phase, and it is
/// stored before the autopilot is told to act on it, so a restarted agent resumes from the store and
/// re-syncs with the autopilot's mission state instead of starting over. Commands are answered by
/// ``handle(_:)``; flying, progress and failsafes happen on the ``run()`` tick.
public actor AssignmentExecutor {
    /// Current assignment as persisted.
    struct Active: Sendable {
        var assignment: Assignment
        var phase: AssignmentPhase
        var detail: ExecutionDetail
    }

    let configuration: AgentConfiguration
    let store: AgentStore
    let autopilot: AutopilotLink
    let recorder: EventRecorder
    let logger: Logger
    let checks: AcceptanceCheck
    let builder: MissionBuilder
    var active: Active? {
        didSet {
            guard
                oldValue?.assignment.assignmentID != active?.assignment.assignmentID || oldValue?.phase != active?.phase
            else { return }
            for watcher in summaryWatchers.values { watcher.yield() }
        }
    }
    private var summaryWatchers: [Int: AsyncStream<Void>.Continuation] = [:]
    private var nextWatcher = 0
    /// Set once this process started (or resumed) the flight, so a slow heartbeat does not re-launch.
    var launchedInThisRun = false
    var groundLinkDownSince: ContinuousClock.Instant? = .now
    var autopilotSeen = false
    var autopilotAlive = false
    /// Since when the autopilot has reported a mission that is not the assignment's.
    var missionMismatchSince: ContinuousClock.Instant?
    /// The other-ground-station upload already known when this assignment's mission was loaded (or when
    /// following resumed); a newer one replaced our mission. Outer nil: no baseline taken yet.
    var foreignUploadBaseline: Int??
    /// Since when the autopilot has been in a failsafe mode before the mission's return leg.
    var failsafeModeSince: ContinuousClock.Instant?
    /// GPS, battery and geofence alarms from the autopilot's state.
    var alarmWatch = AlarmWatch()
    /// Whether the refusal of an unsupported autopilot was already raised as an alarm.
    var unsupportedAutopilotReported = false
    /// Wakes ``run()`` for a tick (vehicle changes, commands, ground-link changes, the 1 s clock).
    var wakeup: AsyncStream<Void>.Continuation?

    public init(
        configuration: AgentConfiguration, store: AgentStore, autopilot: AutopilotLink, recorder: EventRecorder,
        logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.autopilot = autopilot
        self.recorder = recorder
        self.logger = logger
        checks = AcceptanceCheck(profile: configuration.profile, geofence: configuration.fence)
        var profile = configuration.profile
        if let loading = configuration.loadingSeconds { profile.loadingSeconds = loading }
        builder = MissionBuilder(profile: profile, loadingMode: configuration.loadingMode)
    }

    /// The assignment id and phase for the retained state message.
    public func summary() -> (assignmentID: String, phase: AssignmentPhase)? {
        active.map { ($0.assignment.assignmentID, $0.phase) }
    }

    /// Signals (at most one pending) each time ``summary()`` changes.
    public func summaryChanges() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = nextWatcher
        nextWatcher += 1
        summaryWatchers[id] = continuation
        continuation.onTermination = { _ in Task { await self.stopWatching(id) } }
        return stream
    }

    private func stopWatching(_ id: Int) { summaryWatchers[id] = nil }

    /// Ground link (MQTT) went up or down.
    public func groundLink(connected: Bool) {
        if connected { groundLinkDownSince = nil } else if groundLinkDownSince == nil { groundLinkDownSince = .now }
        wakeup?.yield()
    }

    /// Restores the persisted assignment, then ticks on every change of the vehicle picture (the
    /// autopilot streams at ≥ 2 Hz while alive), on commands, and once a second for the rules that run on
    /// time alone (ground-link loss, a mission mismatch that persists), until cancelled.
    public func run() async {
        restore()
        let (wakeups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        wakeup = continuation
        let changes = await autopilot.forwardChanges(to: continuation)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: .seconds(1)) } catch { return }
                    continuation.yield()
                }
            }
            continuation.yield()
            for await _ in wakeups {
                if Task.isCancelled { break }
                await tick()
            }
            group.cancelAll()
        }
        await autopilot.stopForwardingChanges(changes)
        wakeup = nil
    }

    private func restore() {
        do {
            guard let row = try store.currentAssignment() else { return }
            let assignment = try JSONDecoder().decode(Assignment.self, from: row.assignment)
            let detail = try JSONDecoder().decode(ExecutionDetail.self, from: row.missionState)
            guard let phase = AssignmentPhase(rawValue: row.phase) else {
                logger.error("stored assignment has unknown phase", metadata: ["phase": "\(row.phase)"])
                return
            }
            active = Active(assignment: assignment, phase: phase, detail: detail)
            logger.notice(
                "resuming assignment", metadata: ["assignmentId": "\(assignment.assignmentID)", "phase": "\(phase)"])
        } catch {
            logger.error("cannot restore assignment", metadata: ["error": "\(error)"])
        }
    }

    // MARK: persistence helpers

    func row(_ active: Active) -> PersistedAssignment? {
        do {
            return PersistedAssignment(
                assignment: try JSONEncoder().encode(active.assignment), phase: active.phase.rawValue,
                missionState: try JSONEncoder().encode(active.detail), updatedAt: Date().millis)
        } catch {
            logger.error("cannot encode assignment", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Records `phase` as an event together with the new persisted state; the in-memory state follows
    /// only if the store accepted it.
    @discardableResult
    func transition(to phase: AssignmentPhase, reason: ReasonCode? = nil, vehicle: VehicleState, clear: Bool = false)
        -> Bool
    {
        guard var next = active else { return false }
        next.phase = phase
        guard let row = row(next) else { return false }
        do {
            try recorder.record(
                .phase(phase, reason: reason), assignmentID: next.assignment.assignmentID, vehicle: vehicle,
                change: clear ? .clear : .set(row), energyUsedWh: energyUsed(next, at: phase, vehicle: vehicle),
                detail: phase == .aborted ? next.detail.abortDetail : nil)
        } catch {
            logger.error("cannot record phase", metadata: ["phase": "\(phase)", "error": "\(error)"])
            return false
        }
        logger.info(
            "phase",
            metadata: [
                "assignmentId": "\(next.assignment.assignmentID)", "phase": "\(phase)",
                "reason": "\(reason.map(\.rawValue) ?? "-")",
            ])
        active = clear ? nil : next
        return true
    }

    /// Energy drawn since acceptance, reported on the phases that end an assignment: the autopilot's own
    /// consumed-energy count when it keeps one (exact), else the drop in whole battery percent × capacity.
    private func energyUsed(_ active: Active, at phase: AssignmentPhase, vehicle: VehicleState) -> Double? {
        guard phase == .completed || phase == .aborted else { return nil }
        if let start = active.detail.startEnergyConsumedWh, let now = vehicle.energyConsumedWh, now >= start {
            return now - start
        }
        guard let start = active.detail.startBatteryPercent, let now = vehicle.batteryPercent else { return nil }
        return max(0, start - now) / 100 * configuration.profile.batteryCapacityWh
    }

    /// Persists executor detail without an event.
    func saveDetail() {
        guard let active, let row = row(active) else { return }
        do { try store.update(.set(row)) } catch {
            logger.error("cannot persist assignment detail", metadata: ["error": "\(error)"])
        }
    }

    func alarm(_ code: ReasonCode, _ severity: DroneEvent.Severity, _ message: String, vehicle: VehicleState) {
        do {
            try recorder.record(
                .alarm(code: code, severity: severity, message: message),
                assignmentID: active?.assignment.assignmentID, vehicle: vehicle)
        } catch {
            logger.error("cannot record alarm", metadata: ["code": "\(code)", "error": "\(error)"])
        }
    }
}
