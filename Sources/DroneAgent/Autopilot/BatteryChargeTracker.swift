import FleetProtocol
import MAVLink

/// Follows charging and pack swaps from BATTERY_STATUS and projects when the pack is ready for a job.
///
/// PX4 reports a charging pack as `charge_state` CHARGING and a swap as `mode` HOT_SWAP; ArduPilot never
/// sends either (`AP_BattMonitor::get_mavlink_charge_state`, `mode` 0), so there a negative current on the
/// ground, disarmed, is the charge, and a jump of the remaining charge on the ground is a new pack.
/// `time_remaining` is a discharge estimate in both, so the time to ready comes from the observed rate.
public struct BatteryChargeTracker: Sendable, Equatable {
    /// What the pack is doing, and since when (epoch ms of the report that showed it).
    public enum Phase: Sendable, Equatable {
        case discharging
        case charging(sinceMs: Int64)
        case swapping(sinceMs: Int64)
        case full(sinceMs: Int64)
    }

    public private(set) var phase: Phase = .discharging
    /// Distinct remaining-charge steps seen while charging, oldest first: the charge rate comes from them.
    private(set) var steps: [Step] = []
    /// When the charge first reached the level asked for by the last `report`, while charging.
    private var lastPercent: Double?

    struct Step: Sendable, Equatable {
        var timeMs: Int64
        var percent: Double
    }

    /// Steps kept for the rate: recent enough to follow the constant-voltage taper above 80 %.
    static let rateWindow = 5
    /// A rise of at least this many points between two reports on the ground is a new pack (a swap).
    static let packChangeJump = 5.0

    public init() {}

    /// Folds one BATTERY_STATUS in. `onGround` and `armed` are the vehicle's state when it arrived.
    mutating func observe(
        percent: Double?, chargeState: MAVBatteryChargeState, mode: MAVBatteryMode, currentA: Double?,
        onGround: Bool, armed: Bool, atMs now: Int64
    ) {
        defer { lastPercent = percent ?? lastPercent }
        guard onGround, !armed else {
            phase = .discharging
            steps.removeAll()
            return
        }
        if mode == .hotSwap {
            if case .swapping = phase {} else { phase = .swapping(sinceMs: now) }
            steps.removeAll()
            return
        }
        let charging = chargeState == .charging || (currentA ?? 0) < 0
        if charging {
            if case .charging = phase {
            } else {
                phase = .charging(sinceMs: now)
                steps.removeAll()
            }
            if let percent, percent != steps.last?.percent {
                steps.append(Step(timeMs: now, percent: percent))
                if steps.count > Self.rateWindow { steps.removeFirst(steps.count - Self.rateWindow) }
            }
            return
        }
        steps.removeAll()
        guard let percent, percent >= 100 else {
            phase = .discharging
            return
        }
        let newPack = lastPercent.map { percent - $0 >= Self.packChangeJump } ?? false
        switch phase {
        case .full: break
        case .charging, .swapping: phase = .full(sinceMs: now)
        case .discharging: if newPack { phase = .full(sinceMs: now) }
        }
    }

    /// The wire charge state and ready time: `readyPercent` is the dispatch level, `swapSeconds` how long
    /// a swap takes. Ready while charging is projected at the rate of the last steps (nil until two steps
    /// are seen); a pack already at the level was ready when it got there.
    public func report(readyPercent: Double, swapSeconds: Double) -> (
        state: Telemetry.Battery.ChargeState, readyAtMs: Int64?
    ) {
        switch phase {
        case .discharging:
            return (.discharging, nil)
        case .full(let since):
            return (.full, since)
        case .swapping(let since):
            return (.swapping, since + Int64((swapSeconds * 1000).rounded()))
        case .charging:
            if let reached = steps.first(where: { $0.percent >= readyPercent }) { return (.charging, reached.timeMs) }
            guard let first = steps.first, let last = steps.last, last.percent > first.percent,
                last.timeMs > first.timeMs
            else { return (.charging, nil) }
            let perMs = (last.percent - first.percent) / Double(last.timeMs - first.timeMs)
            return (.charging, last.timeMs + Int64(((readyPercent - last.percent) / perMs).rounded()))
        }
    }
}
