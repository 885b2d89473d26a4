import Foundation
import GroundCore

extension MQTTDispatcher {
    /// Announces every swap-list write on `signal`, so the depot swap streams of every instance wake
    /// (GroundControlApp wires it).
    package func announceSwapChanges(on signal: SwapOrderSignal) { swapSignal = signal }

    /// Moves the swap depots' work lists on after a round (leader only): the last plan and the live
    /// states go through ``SwapOrderBook``, and only the orders that changed are written, so every
    /// instance's `GET /v1/depots/{depotId}/swaps` reads the same list from the store. The depots written
    /// are announced on ``swapSignal`` after the write, so streams read the list when it has changed.
    func refreshSwapOrders() async {
        let book = SwapOrderBook(depots: configuration.planner.depots)
        guard !book.swapDepotIDs.isEmpty else { return }
        let previous: [SwapOrder]
        do { previous = try await store.swapOrders() } catch {
            logger.error("swap orders: cannot read them", metadata: ["error": "\(error)"])
            return
        }
        let next = book.update(
            previous: previous, queues: planQueues, drones: await fleet.all(), now: now(),
            newID: { "swp_" + Self.token().prefix(16) })
        let before = Dictionary(previous.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let changed = next.filter { before[$0.id] != $0 }
        let kept = Set(next.map(\.id))
        let expired = previous.filter { !kept.contains($0.id) }
        guard !changed.isEmpty || !expired.isEmpty else { return }
        do { try await store.saveSwapOrders(changed, deleting: expired.map(\.id)) } catch {
            logger.error("swap orders: cannot write them", metadata: ["error": "\(error)"])
            return
        }
        await swapSignal?.announce(SwapOrderChange(depotIDs: (changed + expired).map(\.depotID)))
        for order in changed where before[order.id]?.state != order.state {
            logger.info(
                "swap order",
                metadata: [
                    "order": "\(order.id)", "drone": "\(order.droneID)", "depot": "\(order.depotID)",
                    "state": "\(order.state.rawValue)", "delivery": "\(order.deliveryID ?? "-")",
                ])
        }
    }
}
