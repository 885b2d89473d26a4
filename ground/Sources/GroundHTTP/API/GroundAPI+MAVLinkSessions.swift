import GroundAPIModel
import GroundCore
import Hummingbird

extension MAVLinkSessionResponse: ResponseEncodable {}

extension GroundAPI {
    /// Remote MAVLink access for operators: a UDP endpoint on ground tunnelled to the drone's autopilot
    /// over the fleet link (QGroundControl connects to it like to any vehicle). Opening one is logged with
    /// who asked (there is no audit log on this branch yet).
    func addMAVLinkSessionRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.post("fleet/:droneId/mavlink-sessions") { _, context -> EditedResponse<MAVLinkSessionResponse> in
            try context.requireOperator()
            let droneID = try context.pathID("droneId")
            guard let tunnels else {
                throw APIError(
                    .serviceUnavailable, code: "no_fleet_link", message: "ground runs without a fleet link")
            }
            guard await fleet.state(of: droneID) != nil else {
                throw APIError(.notFound, code: "not_found", message: "no drone \(droneID)")
            }
            do throws(MAVLinkTunnelError) {
                let endpoint = try await tunnels.open(droneID: droneID, requestedBy: "operator")
                return EditedResponse(status: .created, response: MAVLinkSessionResponse(endpoint))
            } catch {
                throw APIError(.serviceUnavailable, code: "tunnel_unavailable", message: error.reason)
            }
        }
    }
}
