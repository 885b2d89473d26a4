import FleetProtocol
import Foundation
import MQTTClient

extension MQTTDispatcher {
    /// Publishes a command (QoS 1, waits for the broker's PUBACK) and registers it as outstanding
    /// before the first suspension, so a round never offers the same drone twice. Returns its id.
    @discardableResult
    func send(
        _ kind: Command.Kind, to droneID: String, purpose: OutstandingCommand.Purpose,
        commandID: String = "cmd_" + MQTTDispatcher.token()
    ) async throws -> String {
        let drone = try DroneID(droneID)
        let issued = now()
        let issuedMs = Int64(issued.timeIntervalSince1970 * 1000)
        let ttl = configuration.commandTTL.components
        let ttlMs = ttl.seconds * 1000 + ttl.attoseconds / 1_000_000_000_000_000
        let command = Command(
            commandID: commandID, droneID: drone, issuedAtMs: issuedMs, expiresAtMs: issuedMs + max(ttlMs, 1),
            kind: kind)
        let bytes = try codec.encodeBytes(command)
        outstanding[commandID] = OutstandingCommand(
            commandID: commandID, droneID: droneID, purpose: purpose,
            deadline: ContinuousClock.now + configuration.replyTimeout)
        scheduleTimer()
        do {
            try await client.publish(configuration.topics.commands(drone), payload: bytes, qos: .atLeastOnce)
        } catch {
            outstanding[commandID] = nil
            throw error
        }
        return commandID
    }

    /// Asks a drone to publish its events from `fromSeq` on again (a hole in ground's log of it). Only
    /// the leader asks: every instance stores events in the shared database, one request is enough.
    package func requestEventReplay(droneID: String, fromSeq: UInt64) async {
        guard await leadership.isLeader else { return }
        do {
            try await send(.resendEvents(fromSeq: fromSeq), to: droneID, purpose: .eventReplay(fromSeq: fromSeq))
            logger.notice("asked drone to re-send events", metadata: ["drone": "\(droneID)", "fromSeq": "\(fromSeq)"])
        } catch {
            logger.warning("could not ask for events again", metadata: ["drone": "\(droneID)", "error": "\(error)"])
        }
    }

    /// Tells a drone to drop an assignment; the reply is not awaited (its deadline just expires it).
    func sendCancel(droneID: String, assignmentID: String, returnTo: Command.ReturnTarget) async {
        do {
            try await send(.cancel(assignmentID: assignmentID, returnTo: returnTo), to: droneID, purpose: .control)
        } catch {
            logger.warning(
                "could not send cancel",
                metadata: ["drone": "\(droneID)", "assignment": "\(assignmentID)", "error": "\(error)"])
        }
    }
}
