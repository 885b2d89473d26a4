import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension DeliveryHistoryResponse: ResponseEncodable {}
extension DroneEventsResponse: ResponseEncodable {}

extension GroundAPI {
    /// Read-only views of what ground stored: a delivery's status changes and a drone's event log.
    /// They answer what the HIL lab and an operator ask without reading the database.
    func addHistoryRoutes(to group: RouterGroup<GroundRequestContext>) {
        // The operator sees every delivery, a business only its own (another's is a 404, as on `GET /deliveries/{id}`).
        group.get("deliveries/:id/history") { _, context -> DeliveryHistoryResponse in
            let principal = try context.requireAuthenticated()
            let id = try context.pathID("id")
            let changes = try await deliveries.history(id, businessID: principal.tenantID)
            return DeliveryHistoryResponse(deliveryID: id, changes: changes.map(DeliveryHistoryEntry.init))
        }

        group.get("fleet/:droneId/events") { request, context -> DroneEventsResponse in
            try context.requireOperatorView()
            let droneID = try context.pathID("droneId")
            let (after, limit) = try Self.eventPage(request.uri.queryParameters)
            // A retired or restarted drone may be gone from the live registry but still in the store.
            if await fleet.state(of: droneID) == nil, try await store.drone(id: droneID) == nil {
                throw APIError(.notFound, code: "not_found", message: "no drone \(droneID)")
            }
            let extent = try await store.eventLogExtent(droneID: droneID)
            let events = try await store.events(droneID: droneID, after: after, limit: limit)
            return DroneEventsResponse(
                droneID: droneID, contiguousThrough: extent.contiguousThrough, storedAbove: extent.storedAbove,
                events: events.map(StoredEventResponse.init),
                nextAfter: events.count == limit ? events.last?.eventSeq : nil)
        }
    }

    /// `after` (eventSeq, default 0) and `limit` (1 to 1000, default 200); a bad value is a 400 naming it.
    static func eventPage(_ parameters: Parameters) throws(APIError) -> (after: Int64, limit: Int) {
        var after: Int64 = 0
        var limit = 200
        if let text = parameters.get("after") {
            guard let value = Int64(text), value >= 0 else {
                throw APIError(
                    .badRequest, code: "invalid_value", field: "after",
                    message: "after must be an eventSeq (integer >= 0)")
            }
            after = value
        }
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw APIError(.badRequest, code: "out_of_range", field: "limit", message: "limit must be 1 to 1000")
            }
            limit = value
        }
        return (after, limit)
    }
}
