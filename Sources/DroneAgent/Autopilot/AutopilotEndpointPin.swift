import MAVLink
import NIOCore

/// Who the autopilot is on the link, learned from its first HEARTBEAT and then fixed: the address it
/// sends from (UDP), its system id and its component id.
///
/// Trust on first use: on a shared network the first autopilot HEARTBEAT wins, so a forger who
/// speaks before the autopilot could take its place; MAVLink signing (`mavlinkSigningKeyFile`)
/// closes that gap.
struct AutopilotEndpointPin: Sendable, Equatable {
    var systemID: UInt8
    var componentID: UInt8
    /// nil on serial links, where there is no sender address.
    var address: SocketAddress?

    /// The pin a frame establishes: only a HEARTBEAT from an autopilot component (not a GCS, not a
    /// companion computer with MAV_AUTOPILOT_INVALID) identifies the autopilot.
    static func learned(from received: ReceivedFrame) -> AutopilotEndpointPin? {
        let frame = received.frame
        guard frame.messageID == Heartbeat.messageID else { return nil }
        let heartbeat: Heartbeat
        do {
            heartbeat = try frame.decode(as: Heartbeat.self)
        } catch {
            // A HEARTBEAT that does not decode identifies nobody; the caller counts it as unused.
            return nil
        }
        guard heartbeat.type != .gcs, heartbeat.autopilot != .invalid else { return nil }
        return AutopilotEndpointPin(systemID: frame.systemID, componentID: frame.componentID, address: received.sender)
    }

    /// MAV_COMP_ID_CAMERA … MAV_COMP_ID_CAMERA6: cameras on the autopilot's system.
    static let cameraComponents: ClosedRange<UInt8> = 100...105

    /// Whether `received` comes from a camera component of the pinned autopilot's system, over the same
    /// link (same sender address): its frames answer the agent's camera requests, never the vehicle state.
    func isCamera(_ received: ReceivedFrame) -> Bool {
        received.frame.systemID == systemID && Self.cameraComponents.contains(received.frame.componentID)
            && (address == nil || received.sender == address)
    }

    /// Whether `received` comes from the pinned autopilot.
    func matches(_ received: ReceivedFrame) -> Bool {
        received.frame.systemID == systemID && received.frame.componentID == componentID
            && (address == nil || received.sender == address)
    }
}
