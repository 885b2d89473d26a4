import AsyncAlgorithms
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
        // SSE: `event: swaps` with the whole list at once, then again each time it changes. The list is
        // read from the store every `swapStreamInterval`: the leader that writes it may be another
        // instance, and the store is what every instance shares.
        group.get("depots/:depotId/swaps/stream") { _, context -> Response in
            try context.requireOperatorView()
            let depot = try depot(context)
            let store = self.store
            let interval = swapStreamInterval
            let heartbeat = self.heartbeat
            let first = DepotSwapsResponse(depot: depot, orders: try await store.swapOrders(depotID: depot.depotID))
            let body = ResponseBody { writer in
                try await writer.write(SSEFrame.event("swaps", first))
                var last = first
                // Quiet time by the clock, not by ticks: a loaded host delays and drops ticks.
                var lastWrite = ContinuousClock.now
                for await _ in AsyncTimerSequence(interval: interval, clock: .continuous) {
                    let list = DepotSwapsResponse(
                        depot: depot, orders: try await store.swapOrders(depotID: depot.depotID))
                    if list != last {
                        last = list
                        try await writer.write(SSEFrame.event("swaps", list))
                        lastWrite = .now
                        continue
                    }
                    if ContinuousClock.now - lastWrite >= heartbeat {
                        try await writer.write(SSEFrame.heartbeat())
                        lastWrite = .now
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
