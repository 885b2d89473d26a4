import FleetProtocol
import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension NoFlyZoneResponse: ResponseEncodable {}
extension NoFlyZoneListResponse: ResponseEncodable {}

extension GroundAPI {
    /// No-fly zones (operator only): the service area's permanent ones and the operator's temporary
    /// ones. A zone added here holds from the dispatcher's next round (new routes go around it, and
    /// drones flying across it are re-routed); the permanent ones change with the service-area file.
    func addZoneRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.post("zones") { request, context -> EditedResponse<NoFlyZoneResponse> in
            let account = try context.requireOperator()
            let body = try await request.decodeJSON(NoFlyZoneRequest.self, context: context)
            let zone = try await validatedZone(body)
            do {
                try await store.insertNoFlyZone(zone)
            } catch let error as StoreError where error.kind == .constraint {
                throw APIError(.conflict, code: "already_exists", field: "id", message: "zone \(zone.id) exists")
            }
            try await audit.record(actor: account.id, action: "zone.add", subject: zone.id)
            return EditedResponse(status: .created, response: NoFlyZoneResponse(zone, now: Date()))
        }
        group.get("zones") { _, context -> NoFlyZoneListResponse in
            try context.requireOperatorView()
            let now = Date()
            let zones = deliveries.serviceArea.zones + (try await store.noFlyZones())
            return NoFlyZoneListResponse(zones: zones.map { NoFlyZoneResponse($0, now: now) })
        }
        group.delete("zones/:zoneId") { _, context -> NoFlyZoneResponse in
            let account = try context.requireOperator()
            let zoneID = try context.parameters.require("zoneId")
            guard let zone = try await store.noFlyZones().first(where: { $0.id == zoneID }),
                try await store.deleteNoFlyZone(id: zoneID)
            else {
                if deliveries.serviceArea.zones.contains(where: { $0.id == zoneID }) {
                    throw APIError(
                        .conflict, code: "permanent_zone", field: "zoneId",
                        message: "zone \(zoneID) is part of the service-area file; change the file to remove it")
                }
                throw APIError(.notFound, code: "not_found", field: "zoneId", message: "no temporary zone \(zoneID)")
            }
            try await audit.record(actor: account.id, action: "zone.remove", subject: zoneID)
            return NoFlyZoneResponse(zone, now: Date())
        }
    }

    /// The zone a request describes, checked on its own and against the drones' homes and the pickups
    /// of deliveries in progress (400 naming the field).
    func validatedZone(_ body: NoFlyZoneRequest) async throws -> NoFlyZone {
        let id = body.id ?? "zone_" + UUID().uuidString.lowercased().prefix(12)
        if let problem = AirspaceIDRule.problem(with: id) {
            throw APIError(.badRequest, code: "invalid_value", field: "id", message: "id \(problem)")
        }
        if let name = body.name, name.count > 200 {
            throw APIError(
                .badRequest, code: "invalid_value", field: "name", message: "name is longer than 200 characters")
        }
        let polygon: Geofence
        do { polygon = try Geofence(vertices: body.vertices) } catch let .invalidValue(path, reason) {
            throw APIError(.badRequest, code: "invalid_value", field: path, message: "\(path): \(reason)")
        } catch {
            throw APIError(.badRequest, code: "invalid_value", field: "vertices", message: "\(error)")
        }
        guard body.vertices.count <= 200 else {
            throw APIError(.badRequest, code: "invalid_value", field: "vertices", message: "at most 200 vertices")
        }
        let zone = NoFlyZone(
            id: id, name: body.name, polygon: polygon, floorM: body.floorM, ceilingM: body.ceilingM,
            startsAt: body.startsAt, endsAt: body.endsAt, origin: .temporary)
        if deliveries.serviceArea.zones.contains(where: { $0.id == id }) {
            throw APIError(.conflict, code: "already_exists", field: "id", message: "zone \(id) exists")
        }
        var homes: [(label: String, point: GeoPoint)] = []
        for state in await fleet.all() {
            if let home = state.home { homes.append(("the home of drone \(state.droneID)", home)) }
        }
        let pickups = try await store.activeDeliveries().filter { Self.beforePickup.contains($0.status) }.map {
            (deliveryID: $0.id, point: $0.pickup)
        }
        do { try zone.validate(protectedPoints: homes, pickups: pickups) } catch {
            throw APIError(.badRequest, code: error.code, field: error.field, message: error.message)
        }
        return zone
    }

    /// Statuses whose pickup a drone still has to land at.
    static let beforePickup: Set<DeliveryStatus> = [.requested, .scheduled, .pickupInProgress]
}
