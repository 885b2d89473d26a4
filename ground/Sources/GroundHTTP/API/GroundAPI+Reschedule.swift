import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension GroundAPI {
    /// `PATCH /v1/deliveries/{id}`: the owner (or the operator) changes the plan before pickup.
    func addRescheduleRoute(to group: RouterGroup<GroundRequestContext>) {
        group.patch("deliveries/:id") { request, context -> DeliveryResponse in
            let principal = try context.requireAuthenticated()
            let id = try context.pathID("id")
            let change = try await request.decodeJSON(DeliveryChange.self, context: context)
            // A body naming nothing to change is malformed, not a change that fails the booking rules.
            guard !change.fieldNames.isEmpty else {
                throw APIError(
                    .badRequest, code: "missing_field", field: "body",
                    message: "body: name at least one of window, dropoff")
            }
            let delivery = try await deliveries.reschedule(id, businessID: principal.tenantID, change: change)
            return try await response(for: delivery)
        }
    }
}
