import Testing

@testable import GroundLink

@Suite("Event log watch")
struct EventLogWatchTests {
    let start = ContinuousClock.now

    @Test func followsTheWholePartAndTheHoles() {
        var watch = EventLogWatch(contiguousThrough: 0, storedAbove: [], now: start)
        for seq: Int64 in [1, 2, 3] { watch.stored(seq, now: start) }
        #expect(watch.contiguousThrough == 3 && !watch.hasHole)
        watch.stored(5, now: start)
        watch.stored(7, now: start)
        #expect(watch.contiguousThrough == 3 && watch.storedAbove == [5, 7] && watch.hasHole)
        watch.stored(4, now: start)
        #expect(watch.contiguousThrough == 5 && watch.storedAbove == [7])
        watch.stored(6, now: start)
        #expect(watch.contiguousThrough == 7 && !watch.hasHole)
        // Old or repeated numbers change nothing.
        watch.stored(2, now: start)
        watch.stored(7, now: start)
        #expect(watch.contiguousThrough == 7 && !watch.hasHole)
    }

    @Test func asksOnlyAfterTheGraceAndNotTooOften() {
        var watch = EventLogWatch(contiguousThrough: 3, storedAbove: [], now: start)
        watch.stored(6, now: start)
        let grace = Duration.seconds(3), retry = Duration.seconds(15)
        #expect(watch.replayRequest(now: start + .seconds(1), grace: grace, retry: retry) == nil)
        #expect(watch.replayRequest(now: start + .seconds(3), grace: grace, retry: retry) == 4)
        #expect(watch.replayRequest(now: start + .seconds(10), grace: grace, retry: retry) == nil)
        #expect(watch.replayRequest(now: start + .seconds(19), grace: grace, retry: retry) == 4)
        // Filling the front of the hole starts a new wait for the next one.
        watch.stored(4, now: start + .seconds(20))
        watch.stored(5, now: start + .seconds(20))
        #expect(!watch.hasHole)
        #expect(watch.replayRequest(now: start + .seconds(40), grace: grace, retry: retry) == nil)
    }

    @Test func givesUpOnAHoleTheDroneCannotFill() {
        var watch = EventLogWatch(contiguousThrough: 1, storedAbove: [3], now: start)
        var asked = 0
        for minute in 0..<20 {
            if watch.replayRequest(now: start + .seconds(60 * minute + 5), grace: .seconds(3), retry: .seconds(15))
                != nil
            {
                asked += 1
            }
        }
        #expect(asked == EventLogWatch.maxAttempts)
    }

    @Test func restartAsksFromTheEndOfTheWholePart() {
        var watch = EventLogWatch(contiguousThrough: 9, storedAbove: [12], now: start)
        #expect(watch.hasHole)
        #expect(watch.restartRequest(now: start) == 10)
    }
}
