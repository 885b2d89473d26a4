import Testing

@testable import GroundCore

/// What the depot swap streams wake on: each depot once per change, sorted; every subscriber hears changes
/// announced here and those relayed from another instance; an empty change wakes nobody.
@Suite("Swap order signal")
struct SwapOrderSignalTests {
    @Test func everySubscriberHearsEachChangeOnceWithItsDepotsSorted() async {
        #expect(SwapOrderChange(depotIDs: ["b", "a", "b"]).depotIDs == ["a", "b"])
        let signal = SwapOrderSignal()
        let first = await signal.changes()
        let second = await signal.changes()
        #expect(await signal.subscriberCount == 2)
        await signal.announce(SwapOrderChange(depotIDs: []))
        await signal.announce(SwapOrderChange(depotIDs: ["north", "south"]))
        await signal.applyRelayed(SwapOrderChange(depotIDs: ["west"]))
        for stream in [first, second] {
            var changes = stream.makeAsyncIterator()
            #expect(await changes.next()?.depotIDs == ["north", "south"])
            #expect(await changes.next()?.depotIDs == ["west"])
        }
    }
}
