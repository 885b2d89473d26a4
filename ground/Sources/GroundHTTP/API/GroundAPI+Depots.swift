import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension DepotSwapsResponse: ResponseEncodable {}

extension GroundAPI {
    /// The swap depots' work lists (any operator, viewers included: depot staff reads, it does not act
    /// through the API). The scheduler leader writes the orders; every instance serves them from the store.
    func addDepotRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.get("depots/:depotId/swaps") { _, context -> DepotSwapsResponse in
            try context.requireOperatorView()
            let depot = try depot(context)
            return DepotSwapsResponse(depot: depot, orders: try await store.swapOrders(depotID: depot.depotID))
        }
        // SSE: `event: swaps` with the whole list at once, then again each time it changes, heartbeats on
        // quiet time. The list is read from the store (what every instance shares) when the leader
        // announces a write of the depot's orders, once for all the depot's streams (``DepotSwapFanout``).
        group.get("depots/:depotId/swaps/stream") { _, context -> Response in
            try context.requireOperatorView()
            let depot = try depot(context)
            let items = await swapFanout.subscribe(depot: depot)
            let body = ResponseBody { writer in
                for await item in items {
                    switch item {
                    case let .frame(bytes, _): try await writer.write(bytes)
                    case .heartbeat: try await writer.write(SSEFrame.heartbeat())
                    }
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
    }

    /// The depot the path names, or a 404 naming `depotId`.
    private func depot(_ context: GroundRequestContext) throws -> Depot {
        let depotID = try context.parameters.require("depotId")
        guard let depot = depots.first(where: { $0.depotID == depotID }) else {
            throw APIError(.notFound, code: "not_found", field: "depotId", message: "no depot \(depotID)")
        }
        return depot
    }
}
