import Logging
import MAVLink

extension AutopilotLink {
    /// Decides whether a received frame is the autopilot's. The first autopilot HEARTBEAT pins its
    /// endpoint (and the UDP socket to its address); afterwards every frame from another address,
    /// system or component is a stranger: counted, logged (the first and then every 100th), and
    /// never folded into the vehicle state or handed to a request.
    func admit(_ received: ReceivedFrame) async -> Bool {
        guard let pin = autopilotPin else {
            guard let learned = AutopilotEndpointPin.learned(from: received) else {
                // Before the autopilot has spoken nothing is trusted, but nothing is a stranger yet.
                await requestHeartbeat(seeing: received.frame)
                return false
            }
            autopilotPin = learned
            logger.info(
                "autopilot endpoint pinned",
                metadata: [
                    "sysid": "\(learned.systemID)", "compid": "\(learned.componentID)",
                    "address": "\(learned.address.map { "\($0)" } ?? "serial")",
                ])
            if let address = learned.address {
                do {
                    try await connection?.pin(to: address)
                } catch {
                    logger.error("cannot pin the autopilot's address on the socket", metadata: ["error": "\(error)"])
                }
            }
            return true
        }
        guard pin.matches(received) else {
            strangerFrames += 1
            if strangerFrames == 1 || strangerFrames % 100 == 0 {
                logger.warning(
                    "frame from a stranger ignored",
                    metadata: [
                        "strangerFrames": "\(strangerFrames)", "sysid": "\(received.frame.systemID)",
                        "compid": "\(received.frame.componentID)", "msgid": "\(received.frame.messageID)",
                        "sender": "\(received.sender.map { "\($0)" } ?? "serial")",
                    ])
            }
            return false
        }
        return true
    }

    /// Before the first HEARTBEAT pins the autopilot, its other streams (which start as soon as it has
    /// heard our heartbeat) already name its system and component: one MAV_CMD_REQUEST_MESSAGE(HEARTBEAT)
    /// addressed to exactly them brings the heartbeat now rather than at the autopilot's own 1 Hz phase,
    /// so telemetry can start up to a second sooner. Addressed, never broadcast: PX4 ignores commands
    /// not aimed at its own system and component (`MavlinkReceiver::evaluate_target_ok`) and answers a
    /// REQUEST_MESSAGE for any stream it has (`handle_request_message_command`); ArduPilot answers it
    /// too. Only a frame of an autopilot component (MAV_COMP_ID_AUTOPILOT1) is asked, once per run of
    /// the link. Nothing waits for the answer and it trusts nobody: only a HEARTBEAT pins, and if the
    /// request goes unanswered the periodic one does.
    func requestHeartbeat(seeing frame: MAVLinkFrame) async {
        guard !heartbeatRequested, frame.componentID == Self.autopilotComponentID else { return }
        heartbeatRequested = true
        do {
            try await send(
                CommandLong(
                    targetSystem: frame.systemID, targetComponent: frame.componentID, command: .requestMessage,
                    confirmation: 0, param1: Float(Heartbeat.messageID), param2: 0, param3: 0, param4: 0,
                    param5: 0, param6: 0, param7: 0))
        } catch {
            logger.debug("heartbeat request not sent", metadata: ["error": "\(error)"])
        }
    }

    /// MAV_COMP_ID_AUTOPILOT1: the component PX4 and ArduPilot speak as.
    static let autopilotComponentID: UInt8 = 1

    /// Refreshes ``linkStatistics`` and logs the refusal counters when they grew: strangers'
    /// datagrams the socket dropped and frames that failed signing.
    func reportRefusals() async {
        guard let connection else { return }
        let statistics: MAVLinkLinkStatistics
        do {
            statistics = try await connection.linkStatistics()
        } catch {
            logger.debug("link statistics unavailable", metadata: ["error": "\(error)"])
            return
        }
        linkStatistics = statistics
        guard statistics.refused > reportedRefusals else { return }
        reportedRefusals = statistics.refused
        logger.warning(
            "autopilot link refused frames",
            metadata: [
                "strangerDatagrams": "\(statistics.strangerDatagrams)",
                "lastStranger": "\(statistics.lastStranger ?? "-")",
                "unsigned": "\(statistics.unsigned)", "badSignature": "\(statistics.badSignature)",
                "replayed": "\(statistics.replayed)", "strangerFrames": "\(strangerFrames)",
            ])
    }
}
