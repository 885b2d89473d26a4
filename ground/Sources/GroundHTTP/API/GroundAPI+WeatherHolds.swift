import FleetProtocol
import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension WeatherHoldResponse: ResponseEncodable {}
extension WeatherHoldListResponse: ResponseEncodable {}

extension GroundAPI {
    /// Weather holds (operator only): dispatch does not launch deliveries into an area while a drone
    /// there measures wind above the hold's limits; they wait with the hold named in `reason`.
    func addWeatherHoldRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.post("weather-holds") { request, context -> EditedResponse<WeatherHoldResponse> in
            let account = try context.requireOperator()
            let body = try await request.decodeJSON(WeatherHoldRequest.self, context: context)
            let now = Date()
            let hold = try Self.validatedHold(body, now: now)
            do {
                try await store.insertWeatherHold(hold)
            } catch let error as StoreError where error.kind == .constraint {
                throw APIError(
                    .conflict, code: "already_exists", field: "id", message: "weather hold \(hold.id) exists")
            }
            try await audit.record(actor: account.id, action: "weatherHold.add", subject: hold.id)
            let readings = WindReading.current(await fleet.all(), now: now)
            return EditedResponse(status: .created, response: WeatherHoldResponse(hold, now: now, readings: readings))
        }
        group.get("weather-holds") { _, context -> WeatherHoldListResponse in
            try context.requireOperatorView()
            let now = Date()
            let readings = WindReading.current(await fleet.all(), now: now)
            return WeatherHoldListResponse(
                holds: try await store.weatherHolds().map { WeatherHoldResponse($0, now: now, readings: readings) })
        }
        group.delete("weather-holds/:holdId") { _, context -> WeatherHoldResponse in
            let account = try context.requireOperator()
            let holdID = try context.parameters.require("holdId")
            guard let hold = try await store.weatherHolds().first(where: { $0.id == holdID }),
                try await store.deleteWeatherHold(id: holdID)
            else {
                throw APIError(.notFound, code: "not_found", field: "holdId", message: "no weather hold \(holdID)")
            }
            try await audit.record(actor: account.id, action: "weatherHold.remove", subject: holdID)
            return WeatherHoldResponse(hold, now: Date(), readings: [])
        }
    }

    static func validatedHold(_ body: WeatherHoldRequest, now: Date) throws -> WeatherHold {
        let id = body.id ?? "hold_" + UUID().uuidString.lowercased().prefix(12)
        if let problem = AirspaceIDRule.problem(with: id) {
            throw APIError(.badRequest, code: "invalid_value", field: "id", message: "id \(problem)")
        }
        var area: Geofence?
        if let vertices = body.area {
            guard vertices.count <= 200 else {
                throw APIError(.badRequest, code: "invalid_value", field: "area", message: "at most 200 vertices")
            }
            do { area = try Geofence(vertices: vertices) } catch let .invalidValue(path, reason) {
                let field = path.replacingOccurrences(of: "vertices", with: "area")
                throw APIError(.badRequest, code: "invalid_value", field: field, message: "\(field): \(reason)")
            } catch {
                throw APIError(.badRequest, code: "invalid_value", field: "area", message: "\(error)")
            }
        }
        let hold = WeatherHold(
            id: id, area: area, maxWindMps: body.maxWindMps, maxGustMps: body.maxGustMps, until: body.until)
        do { try hold.validate(now: now) } catch {
            throw APIError(.badRequest, code: error.code, field: error.field, message: error.message)
        }
        return hold
    }
}
