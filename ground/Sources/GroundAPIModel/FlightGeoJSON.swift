import Foundation

/// A flight's track as a GeoJSON FeatureCollection (RFC 7946): one LineString (a Point for a single
/// sample, no feature for none) with positions `[lon, lat, alt]` and the sample times in the
/// `times` property, index for index.
package struct FlightGeoJSON: Encodable, Sendable {
    package struct Geometry: Encodable, Sendable {
        package var type: String
        package var coordinates: Coordinates
    }

    /// A Point's single position or a LineString's list of them.
    package enum Coordinates: Encodable, Sendable {
        case point([Double])
        case line([[Double]])

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case let .point(position): try container.encode(position)
            case let .line(positions): try container.encode(positions)
            }
        }
    }

    package struct Properties: Encodable, Sendable {
        package var deliveryID: String
        package var droneID: String?
        package var times: [Date]

        enum CodingKeys: String, CodingKey {
            case deliveryID = "deliveryId"
            case droneID = "droneId"
            case times
        }
    }

    package struct Feature: Encodable, Sendable {
        package var type = "Feature"
        package var geometry: Geometry
        package var properties: Properties
    }

    package var type = "FeatureCollection"
    package var features: [Feature]

    package init(_ log: FlightLogResponse) {
        let positions = log.track.map { [$0.lon, $0.lat, $0.alt] }
        let properties = Properties(deliveryID: log.deliveryID, droneID: log.droneID, times: log.track.map(\.time))
        switch positions.count {
        case 0: features = []
        case 1:
            features = [
                Feature(geometry: Geometry(type: "Point", coordinates: .point(positions[0])), properties: properties)
            ]
        default:
            features = [
                Feature(geometry: Geometry(type: "LineString", coordinates: .line(positions)), properties: properties)
            ]
        }
    }
}
