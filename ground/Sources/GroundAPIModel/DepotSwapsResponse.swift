import Foundation
import GroundCore

/// `GET /v1/depots/{depotId}/swaps`: the depot and its work list, open orders first (by when each is
/// needed), then the ones closed in the last minutes.
package struct DepotSwapsResponse: Codable, Sendable, Hashable {
    package var depotID: String
    /// `charge` (no orders: pads charge by themselves) or `swap`.
    package var mode: Depot.Mode
    package var pads: Int
    package var swapSeconds: Double
    package var swaps: [SwapOrderResponse]

    package init(depot: Depot, orders: [SwapOrder]) {
        depotID = depot.depotID
        mode = depot.mode
        pads = depot.pads
        swapSeconds = depot.swapSeconds
        let open = orders.filter(\.state.isOpen).sorted {
            ($0.neededBy ?? .distantFuture, $0.createdAt, $0.id) < ($1.neededBy ?? .distantFuture, $1.createdAt, $1.id)
        }
        let closed = orders.filter { !$0.state.isOpen }.sorted { ($0.updatedAt, $0.id) > ($1.updatedAt, $1.id) }
        swaps = (open + closed).map(SwapOrderResponse.init)
    }

    enum CodingKeys: String, CodingKey {
        case depotID = "depotId"
        case mode, pads, swapSeconds, swaps
    }
}
