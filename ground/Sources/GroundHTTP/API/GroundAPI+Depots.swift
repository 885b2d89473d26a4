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
            let depotID = try context.parameters.require("depotId")
            guard let depot = depots.first(where: { $0.depotID == depotID }) else {
                throw APIError(.notFound, code: "not_found", field: "depotId", message: "no depot \(depotID)")
            }
            return DepotSwapsResponse(depot: depot, orders: try await store.swapOrders(depotID: depotID))
        }
    }
}
