import Foundation

/// How much slower than a plain debug build this run executes: `SKYRELAY_TEST_SLOWDOWN` (a number ≥ 1,
/// default 1). `scripts/sanitize` sets it, because ThreadSanitizer and AddressSanitizer run the same code
/// several times slower and a fixed wall-clock bound then fails for a reason that is not the bug the
/// test looks for.
///
/// Wall-clock bounds (waits, grace periods, the length of an outage a test stages) are multiplied by it and
/// simulators run that much slower, so the simulated time a test covers, and everything it asserts about
/// simulated time, stays the same at any slowdown.
public enum TestPace {
    public static let slowdown: Double = {
        guard let text = ProcessInfo.processInfo.environment["SKYRELAY_TEST_SLOWDOWN"], !text.isEmpty else { return 1 }
        guard let value = Double(text), value.isFinite, value >= 1 else {
            fatalError("SKYRELAY_TEST_SLOWDOWN must be a number ≥ 1, not '\(text)'")
        }
        return value
    }()

    /// A wall-clock bound stretched by the slowdown.
    public static func scaled(_ duration: Duration) -> Duration { duration * slowdown }

    /// A simulator speed (simulated seconds per wall second) reduced by the slowdown.
    public static func simulatorSpeed(_ speed: Double) -> Double { speed / slowdown }

    /// Sleeps a stretched `duration`: for staged phases (an outage, a pause) measured in wall time.
    public static func sleep(_ duration: Duration) async throws {
        try await Task.sleep(for: scaled(duration))
    }
}

#if canImport(Testing)
    import Testing

    extension TestPace {
        /// A suite's `.timeLimit` of `minutes`, stretched by the slowdown (Swift Testing counts whole minutes).
        public static func timeLimit(minutes: Int) -> TimeLimitTrait.Duration {
            .minutes(Int((Double(minutes) * slowdown).rounded(.up)))
        }
    }
#endif
