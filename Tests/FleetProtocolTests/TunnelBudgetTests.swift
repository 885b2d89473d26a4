import FleetProtocol
import Testing

/// The remote MAVLink session's budget: a burst is spent, then tokens come back at the rate.
@Suite("Tunnel token bucket")
struct TunnelBudgetTests {
    @Test("a full bucket grants its burst, refuses beyond it, and refills at the rate up to the burst")
    func budget() {
        let start = ContinuousClock.now
        var bucket = TunnelBudget(rate: 1000, burst: 2000, now: start)
        var granted: [Bool] = []
        granted.append(bucket.take(1500, now: start))
        granted.append(bucket.take(600, now: start)) // only 500 left
        granted.append(bucket.take(500, now: start))
        granted.append(bucket.take(1, now: start))
        // 0.25 s later: 250 tokens back.
        granted.append(bucket.take(300, now: start + .milliseconds(250)))
        granted.append(bucket.take(250, now: start + .milliseconds(250)))
        // Long idle: refilled to the burst, never beyond.
        granted.append(bucket.take(2001, now: start + .seconds(60)))
        granted.append(bucket.take(2000, now: start + .seconds(60)))
        #expect(granted == [true, false, true, false, false, true, false, true])
    }
}
