import GroundCore

/// `POST /v1/fleet/{droneId}/mavlink-sessions`: where a ground station talks MAVLink to the drone.
package struct MAVLinkSessionResponse: Codable, Sendable, Hashable {
    package var droneID: String
    /// Always `udp`: point QGroundControl's UDP link (or `pymavlink udpout:`) at host:port.
    package var transport: String
    package var host: String
    package var port: Int
    package var idleTimeoutSeconds: Double

    package init(_ endpoint: MAVLinkTunnelEndpoint) {
        droneID = endpoint.droneID
        transport = "udp"
        host = endpoint.host
        port = endpoint.port
        idleTimeoutSeconds = endpoint.idleTimeoutSeconds
    }

    enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
        case transport, host, port, idleTimeoutSeconds
    }
}
