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
