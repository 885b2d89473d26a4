import FleetProtocol
import Foundation
import GroundCore
import Hummingbird

/// `GET /v1/service-area` answer: GeoJSON, so map tools read it as they are.
struct ServiceAreaResponse: ResponseEncodable {
    struct Feature: Encodable {
        struct Geometry: Encodable {
            var type = "Polygon"
            /// One closed outer ring of [lon, lat] positions, as GeoJSON orders them.
            var coordinates: [[[Double]]]
        }

        var type = "Feature"
        var geometry: Geometry
        var properties: [String: String] = [:]
    }

    var type = "FeatureCollection"
    /// True when no area is configured and deliveries may be booked anywhere.
    var unrestricted: Bool
    var features: [Feature]

    init(_ area: ServiceArea) {
        unrestricted = area.isUnrestricted
        features = area.polygons.map { fence in
            var ring = fence.vertices.map { [$0.lon, $0.lat] }
            if let first = ring.first { ring.append(first) }
            return Feature(geometry: .init(coordinates: [ring]))
        }
    }
}

extension GroundAPI {
    /// Public: where deliveries can be booked is what a business needs before it has a key, and
    /// the customer tracking page draws it without one.
    func addServiceAreaRoute(to group: RouterGroup<GroundRequestContext>) {
        group.get("service-area") { _, _ -> ServiceAreaResponse in
            ServiceAreaResponse(deliveries.serviceArea)
        }
    }
}
