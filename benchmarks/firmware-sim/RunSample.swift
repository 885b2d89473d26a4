import FirmwareSim
import Foundation

/// What one run measured over its window.
struct RunSample {
    let count: Int
    /// Simulated seconds per wall second over the window (1 = real time).
    let realTimeFactor: Double
    /// CPU time of the simulation thread / elapsed: the share of one core it really used.
    let cpuFraction: Double
    /// Wall time the simulation thread spent working / elapsed (preemption by other processes counts too).
    let busyFraction: Double
    /// Lag behind the wall clock at the end of the window, seconds.
    let lagSeconds: Double
    let framesSentPerSecond: Double
    let framesReceivedPerSecond: Double
    /// Vehicles off the ground at the end of the window.
    let airborne: Int

    init(count: Int, start: Snapshot, end: Snapshot, airborne: Int) {
        self.count = count
        self.airborne = airborne
        let wall =
            Double((end.wall - start.wall).components.seconds) + Double((end.wall - start.wall).components.attoseconds)
            / 1e18
        realTimeFactor = (end.statistics.simulatedSeconds - start.statistics.simulatedSeconds) / wall
        cpuFraction = (end.statistics.cpuSeconds - start.statistics.cpuSeconds) / wall
        busyFraction = (end.statistics.busySeconds - start.statistics.busySeconds) / wall
        lagSeconds = end.statistics.lagSeconds
        framesSentPerSecond = Double(end.statistics.framesSent - start.statistics.framesSent) / wall
        framesReceivedPerSecond = Double(end.received - start.received) / wall
    }

    /// Kept real time: simulated time advanced with the wall clock (within the 20 ms step) and did
    /// not fall behind.
    var keepsUp: Bool { realTimeFactor >= 0.98 && lagSeconds < 0.1 }

    /// Vehicles one core would hold in real time at this CPU cost per vehicle and simulated second
    /// (normalised by the real-time factor, so a run that fell behind is not counted as cheap).
    var capacityEstimate: Double { cpuFraction > 0 ? Double(count) * realTimeFactor / cpuFraction : 0 }

    var summary: String {
        "real-time factor \(fixed(realTimeFactor, 3)), cpu \(fixed(cpuFraction * 100, 1)) % of a core (busy \(fixed(busyFraction * 100, 1)) %), lag \(fixed(lagSeconds * 1000, 0)) ms, "
            + "\(Int(framesSentPerSecond)) frames/s sent, \(Int(framesReceivedPerSecond)) received, capacity ≈ \(Int(capacityEstimate)), airborne \(airborne)"
    }
}

/// `x` with `decimals` digits after the point.
func fixed(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }

/// Every run of one vehicle count.
struct CountResult {
    let count: Int
    let samples: [RunSample]

    /// Every run kept real time.
    var keepsUp: Bool { samples.allSatisfy(\.keepsUp) }

    func stats(_ value: (RunSample) -> Double) -> (median: Double, min: Double, max: Double) {
        let sorted = samples.map(value).sorted()
        guard let first = sorted.first, let last = sorted.last else { return (0, 0, 0) }
        let mid = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        return (median, first, last)
    }
}
