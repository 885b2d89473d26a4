import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension FlightLogResponse: ResponseEncodable {}

extension GroundAPI {
    /// Most events one flight log carries; a drone sends a handful per flight, so more means a runaway log.
    static let flightEventLimit = 5000

    /// `GET /v1/deliveries/{id}/flight`: the stored track and events of a delivery's flight, as JSON or
    /// (`?format=geojson|csv`) as a download. The operator sees every delivery, a business its own.
    func addFlightRoute(to group: RouterGroup<GroundRequestContext>) {
        group.get("deliveries/:id/flight") { request, context -> Response in
            let principal = try context.requireAuthenticated()
            let id = try context.pathID("id")
            let format = try Self.flightFormat(request.uri.queryParameters)
            let log = try await flightLog(id, businessID: principal.tenantID)
            switch format {
            case .json:
                return try log.response(from: request, context: context)
            case .geojson:
                let data = try GroundJSON.encoder().encode(FlightGeoJSON(log))
                return Self.download(data, type: "application/geo+json", name: "flight-\(id).geojson")
            case .csv:
                return Self.download(Data(log.csv.utf8), type: "text/csv; charset=utf-8", name: "flight-\(id).csv")
            }
        }
    }

    enum FlightFormat: String, CaseIterable {
        case json, geojson, csv
    }

    /// `format` (json, geojson or csv; default json); another value is a 400 naming it.
    static func flightFormat(_ parameters: Parameters) throws(APIError) -> FlightFormat {
        guard let text = parameters.get("format") else { return .json }
        guard let format = FlightFormat(rawValue: text) else {
            throw APIError(
                .badRequest, code: "invalid_value", field: "format",
                message: "format must be one of \(FlightFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return format
    }

    func flightLog(_ id: String, businessID: String?) async throws -> FlightLogResponse {
        guard let span = try await deliveries.flightSpan(id, businessID: businessID) else {
            return FlightLogResponse(deliveryID: id, droneID: nil, from: nil, to: nil, track: [], events: [])
        }
        let samples = try await store.telemetry(droneID: span.droneID, from: span.from, to: span.to)
        var events: [StoredEventResponse] = []
        var after: Int64 = 0
        // Events are numbered per drone, not per flight: walk the log and keep those received in the span.
        paging: while events.count < Self.flightEventLimit {
            let page = try await store.events(droneID: span.droneID, after: after, limit: 1000)
            for event in page where event.receivedAt >= span.from && event.receivedAt <= span.to {
                events.append(StoredEventResponse(event))
                if events.count == Self.flightEventLimit { break paging }
            }
            guard page.count == 1000, let last = page.last else { break }
            after = last.eventSeq
        }
        return FlightLogResponse(
            deliveryID: id, droneID: span.droneID, from: span.from, to: span.to,
            track: samples.map(FlightTrackPoint.init), events: events)
    }

    static func download(_ data: Data, type: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
