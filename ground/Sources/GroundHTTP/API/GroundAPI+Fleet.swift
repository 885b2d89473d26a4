import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension FleetResponse: ResponseEncodable {}
extension CommandResponse: ResponseEncodable {}
extension DroneLiveState: ResponseEncodable {}

extension GroundAPI {
    func addFleetRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.get("fleet") { _, context -> FleetResponse in
            try context.requireOperatorView()
            // Only registered, active drones: the live view may still hold one retired meanwhile.
            let active = try await roster.activeIDs()
            return FleetResponse(drones: await fleet.all().filter { active.contains($0.droneID) })
        }
        group.get("fleet/:droneId") { _, context -> DroneLiveState in
            try context.requireOperatorView()
            return try await knownDrone(context)
        }
        group.post("fleet/:droneId/recall") { _, context -> EditedResponse<CommandResponse> in
            try await send(.recall, context: context)
        }
        group.post("fleet/:droneId/land") { _, context -> EditedResponse<CommandResponse> in
            try await send(.landNow, context: context)
        }
    }

    func knownDrone(_ context: GroundRequestContext) async throws -> DroneLiveState {
        let id = try context.pathID("droneId")
        guard let state = await fleet.state(of: id), try await roster.standing(of: id) == .active else {
            throw APIError(.notFound, code: "not_found", message: "no drone \(id)")
        }
        return state
    }

    func send(_ command: FleetCommand, context: GroundRequestContext) async throws -> EditedResponse<CommandResponse> {
        let account = try context.requireOperator()
        let drone = try await knownDrone(context)
        try await dispatcher.command(command, droneID: drone.droneID)
        try await audit.record(
            actor: account.id, action: command == .recall ? "drone.recall" : "drone.land", subject: drone.droneID)
        return EditedResponse(
            status: .accepted, response: CommandResponse(droneID: drone.droneID, command: command, status: "sent"))
    }
}
