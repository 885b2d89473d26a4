import GroundAPIModel
import GroundCore
import Hummingbird

extension MAVLinkSessionResponse: ResponseEncodable {}

extension GroundAPI {
    /// Remote MAVLink access for operators: a UDP endpoint on ground tunnelled to the drone's autopilot
    /// over the fleet link (QGroundControl connects to it like to any vehicle). Dispatchers only; every
    /// opened session is written to the audit log with who asked.
    func addMAVLinkSessionRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.post("fleet/:droneId/mavlink-sessions") { _, context -> EditedResponse<MAVLinkSessionResponse> in
            let account = try context.requireOperator()
            let droneID = try context.pathID("droneId")
            guard let tunnels else {
                throw APIError(
                    .serviceUnavailable, code: "no_fleet_link", message: "ground runs without a fleet link")
            }
            guard await fleet.state(of: droneID) != nil else {
                throw APIError(.notFound, code: "not_found", message: "no drone \(droneID)")
            }
            let endpoint: MAVLinkTunnelEndpoint
            do throws(MAVLinkTunnelError) {
                endpoint = try await tunnels.open(droneID: droneID, requestedBy: account.id)
            } catch {
                throw APIError(.serviceUnavailable, code: "tunnel_unavailable", message: error.reason)
            }
            try await audit.record(
                actor: account.id, action: "drone.mavlink-session", subject: droneID,
                detail: "udp port \(endpoint.port)")
            return EditedResponse(status: .created, response: MAVLinkSessionResponse(endpoint))
        }
    }
}
