import MAVLink
import NIOCore

/// One MAVLink instance of a vehicle: a UDP socket with its own parser, learned peer and signing state.
///
/// Real autopilots run several: PX4 SITL's `px4-rc.mavlink` starts a GCS link (local 18570+i, remote
/// 14550), an API/offboard link (local 14580+i, remote 14540+i) and an onboard link, each learning its
/// own partner (`MavlinkReceiver::run` per instance); ArduPilot SITL has SERIAL0..n. A message is
/// handled whichever instance it came in on and answered on that instance; streams go to all of them.
struct MAVLinkInstance {
    /// Which link of the vehicle this is (also its position in the vehicle's instances).
    enum Role: Int, Sendable, CustomStringConvertible {
        /// The vehicle's base port, where the agent (the API/offboard partner) talks.
        case api = 0
        /// `--gcs-base-port`: a ground station's own link.
        case gcs = 1

        var description: String { self == .api ? "api" : "gcs" }
    }

    let role: Role
    var channel: (any Channel)?
    var parser = MAVLinkStreamParser()
    /// Where this instance sends: its configured remote until a peer talks, then that peer.
    var peer: VehiclePeer
    /// On a signed link: verifies what arrives and signs what leaves, per instance as each link has
    /// its own signing timestamps.
    var verifier: MAVLinkSignatureVerifier?
    var signer: MAVLinkSigner?

    init(role: Role, remote: SocketAddress?, silence: TimeAmount, security: MAVLinkLinkSecurity) {
        self.role = role
        peer = VehiclePeer(configured: remote, silence: silence)
        verifier = security.makeVerifier()
        signer = security.makeSigner()
    }
}
