import NIOCore

/// Whom one vehicle's stream goes to.
///
/// PX4 learns its UDP partner once: `MavlinkReceiver::run` (src/modules/mavlink/mavlink_receiver.cpp)
/// sets the client source address only while `get_client_source_initialized()` is false, and on
/// POSIX/SITL nothing clears it again (mavlink_main.cpp resets `_src_addr_initialized` only on a
/// parameter update in NuttX networking builds). PX4 treats a link as having no valid connection when
/// no heartbeat arrived for 3 s (`Mavlink::send_packet` falls back to broadcast after
/// `hrt_elapsed_time(&_tstatus.heartbeat_time) > 3_s`).
///
/// The simulator keeps the first peer the same way, so a foreign sender cannot steal the stream, but
/// lets a new sender take over once the learned peer has been silent for `silence` (3 s, PX4's
/// no-connection window): a restarted agent comes back from a new ephemeral port, which PX4 SITL
/// would never follow. Only datagrams with at least one valid (on a signed link: correctly signed)
/// frame count as hearing from someone.
struct VehiclePeer {
    /// Where the stream goes: the configured remote until a peer is learned, then the peer.
    private(set) var address: SocketAddress?
    private(set) var learned = false
    private var lastHeard: NIODeadline?
    let silence: TimeAmount

    init(configured: SocketAddress?, silence: TimeAmount) {
        address = configured
        self.silence = silence
    }

    enum Hearing: Equatable {
        /// From the peer (or the first peer, now learned).
        case peer(changed: Bool)
        /// From someone else while the peer is still talking: processed, but not answered.
        case foreign
    }

    /// Records valid frames from `sender` at `now`.
    mutating func heard(from sender: SocketAddress, at now: NIODeadline) -> Hearing {
        if learned, sender == address {
            lastHeard = now
            return .peer(changed: false)
        }
        if learned, let lastHeard, now - lastHeard < silence {
            return .foreign
        }
        address = sender
        learned = true
        lastHeard = now
        return .peer(changed: true)
    }
}
