import Testing

@testable import DroneAgent

/// The publish decisions of the agent's telemetry loop, replayed on a made-up clock.
@Suite("Telemetry pacing")
struct TelemetryPacerTests {
    let start = ContinuousClock.now
    let period = Duration.milliseconds(100)

    /// Feeds position arrivals (ms after start) and, unless `ticks` is false, 50 ms ticks; returns
    /// the publish times in ms.
    func replay(positionsAt: [Int], until endMs: Int, ticks: Bool = true) -> [Int] {
        var pacer = TelemetryPacer()
        let tickTimes = ticks ? Array(stride(from: 0, through: endMs, by: 50)) : []
        let events = (positionsAt.map { ($0, true) } + tickTimes.map { ($0, false) })
            .sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 && !$1.1) }
        var fresh: ContinuousClock.Instant?
        var published: [Int] = []
        for (ms, isPosition) in events {
            if isPosition { fresh = start + .milliseconds(ms) }
            if pacer.shouldPublish(at: start + .milliseconds(ms), period: period, freshArrival: fresh) {
                fresh = nil
                published.append(ms)
            }
        }
        return published
    }

    @Test("positions at the telemetry rate, with jitter, are each published the moment they arrive")
    func oneForOne() {
        let jitter = [0, 7, -6, 12, -9, 3, -12, 5]
        let positions = (0..<100).map { $0 * 100 + jitter[$0 % jitter.count] }
        let published = replay(positionsAt: positions, until: 10_000)
        // Every position went out at its own arrival time: no sampling phase added.
        #expect(Array(published.prefix(positions.count)) == positions)
    }

    @Test("slots set by a tick out of phase with the positions move to them: no position keeps waiting for a tick")
    func phaseFollowsPositions() {
        // The first publish is a tick at 0; positions come at 60, 160, 260 …, each too early for a slot at 100, 200 ….
        let positions = Array(stride(from: 60, to: 5_000, by: 100))
        let published = replay(positionsAt: positions, until: 5_000)
        #expect(
            Array(published.filter { $0 > 150 }.prefix(40)) == Array(positions.dropFirst().prefix(40)),
            "after one correction every position goes out as it arrives: \(published.prefix(12))")
    }

    @Test("faster positions never raise the rate above the configured one")
    func rateLimited() {
        let positions = Array(stride(from: 0, to: 10_000, by: 20)) // 50 Hz autopilot stream
        let published = replay(positionsAt: positions, until: 10_000)
        #expect((99...101).contains(published.count), "10 Hz over 10 s, got \(published.count)")
        let gaps = zip(published.dropFirst(), published).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= 75 }, "no two samples closer than three quarters of a period: \(gaps)")
    }

    @Test("without positions the state still goes out at the rate")
    func staleFallback() {
        let published = replay(positionsAt: [], until: 10_000)
        // Ticks every 50 ms: each slot goes out on the first tick past its quarter-period grace.
        #expect(published.count >= 60, "got \(published.count)")
        let gaps = zip(published.dropFirst(), published).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 <= 150 }, "\(gaps)")
    }

    @Test("after a stall (no wakeup for a second) the slots restart instead of catching up in a burst")
    func noBurstAfterGap() {
        let positions = [0, 100, 200] + Array(stride(from: 1_500, to: 2_500, by: 10))
        let published = replay(positionsAt: positions, until: 2_500, ticks: false)
        let afterGap = published.filter { $0 >= 1_500 }
        let gaps = zip(afterGap.dropFirst(), afterGap).map { $0 - $1 }
        #expect(afterGap.first == 1_500)
        // Slots kept from before the stall would let a dozen samples out 10 ms apart.
        #expect(afterGap.count <= 11, "at most the rate (plus the slot's grace) over the second after: \(afterGap)")
        #expect(gaps.allSatisfy { $0 >= 50 }, "never closer than half a period: \(gaps)")
    }
}
