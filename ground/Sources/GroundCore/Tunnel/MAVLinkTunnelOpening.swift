/// Opens remote MAVLink sessions to drones: a UDP endpoint on ground that a ground station (QGroundControl,
/// pymavlink) talks to, tunnelled to the drone's autopilot over the fleet link.
package protocol MAVLinkTunnelOpening: Sendable {
    /// The session to `droneID` (an open one is returned again), opened for `requestedBy`.
    func open(droneID: String, requestedBy: String) async throws(MAVLinkTunnelError) -> MAVLinkTunnelEndpoint
}

/// Where a ground station connects for one drone.
package struct MAVLinkTunnelEndpoint: Sendable, Hashable {
    package var droneID: String
    package var host: String
    package var port: Int
    /// The session closes after this long without a datagram from the ground station.
    package var idleTimeoutSeconds: Double

    package init(droneID: String, host: String, port: Int, idleTimeoutSeconds: Double) {
        self.droneID = droneID
        self.host = host
        self.port = port
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }
}

/// Why a session could not be opened.
package struct MAVLinkTunnelError: Error, Sendable, CustomStringConvertible {
    package var reason: String
    package init(_ reason: String) { self.reason = reason }
    package var description: String { reason }
}
