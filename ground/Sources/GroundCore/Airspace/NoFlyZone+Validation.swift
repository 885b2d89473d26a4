import FleetProtocol
import Foundation

extension NoFlyZone {
    /// Checks the zone on its own and against the points it must never cover: drone homes and depots
    /// (a drone could neither take off nor come back) and the pickups of deliveries in progress.
    package func validate(
        protectedPoints: [(label: String, point: GeoPoint)] = [], pickups: [(deliveryID: String, point: GeoPoint)] = []
    ) throws(ZoneValidationError) {
        let projection = LocalProjection(origin: polygon.vertices[0])
        let ring = polygon.vertices.map(projection.project)
        if let (i, j) = Planar.selfIntersection(ring) {
            throw ZoneValidationError(
                field: "vertices", code: "self_intersecting",
                message: i == j
                    ? "vertices[\(i)] repeats its neighbour"
                    : "the polygon crosses itself (edges from vertices[\(i)] and vertices[\(j)])")
        }
        if let floorM {
            guard floorM.isFinite, floorM >= 0 else {
                throw ZoneValidationError(field: "floorM", code: "out_of_range", message: "floorM must be ≥ 0")
            }
        }
        if let ceilingM {
            guard ceilingM.isFinite, ceilingM > 0 else {
                throw ZoneValidationError(field: "ceilingM", code: "out_of_range", message: "ceilingM must be > 0")
            }
            if let floorM, ceilingM <= floorM {
                throw ZoneValidationError(
                    field: "ceilingM", code: "below_floor", message: "ceilingM must be above floorM")
            }
        }
        if let startsAt, let endsAt, endsAt <= startsAt {
            throw ZoneValidationError(field: "endsAt", code: "before_start", message: "endsAt must be after startsAt")
        }
        for (label, point) in protectedPoints where polygon.contains(point) {
            throw ZoneValidationError(
                field: "vertices", code: "covers_depot",
                message: "the zone covers \(label); drones could not take off or land there")
        }
        for (deliveryID, point) in pickups where polygon.contains(point) {
            throw ZoneValidationError(
                field: "vertices", code: "covers_pickup",
                message: "the zone covers the pickup of delivery \(deliveryID), which is in progress")
        }
    }
}
