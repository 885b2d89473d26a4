import MQTTClient
import Testing

@Suite("MQTTBackoff")
struct BackoffTests {
    @Test("grows by the multiplier, stays within bounds, jitter only shortens")
    func boundsAndGrowth() {
        let backoff = MQTTBackoff(minimum: .milliseconds(100), maximum: .seconds(2), multiplier: 2, jitter: 0.5)
        for attempt in 0..<20 {
            let base = min(2.0, 0.1 * Double(1 << min(attempt, 30)))
            for _ in 0..<50 {
                let delay = backoff.delay(attempt: attempt)
                #expect(delay <= .milliseconds(Int(base * 1000) + 1))
                #expect(delay >= .milliseconds(Int(base * 500) - 1))
            }
        }
    }

    @Test("no jitter gives the exact exponential sequence")
    func withoutJitter() {
        let backoff = MQTTBackoff(minimum: .milliseconds(100), maximum: .seconds(1), multiplier: 3, jitter: 0)
        let delays = (0..<5).map { backoff.delay(attempt: $0) }
        let millis = delays.map { Int(($0 / .milliseconds(1)).rounded()) }
        #expect(millis == [100, 300, 900, 1000, 1000])
    }
}
