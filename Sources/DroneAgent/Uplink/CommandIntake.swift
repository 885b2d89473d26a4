import FleetProtocol
import Foundation
import Logging
import MQTTClient

/// Receives commands, answers every one on the replies topic, and makes re-deliveries idempotent:
/// a commandId seen before gets the stored reply again and triggers no action.
public struct CommandIntake: Sendable {
    let link: GroundLink
    let store: AgentStore
    let executor: AssignmentExecutor
    let logger: Logger
    /// How long a reply stays cached after its command expired.
    static let replyRetentionMs: Int64 = 24 * 3600 * 1000

    public init(link: GroundLink, store: AgentStore, executor: AssignmentExecutor, logger: Logger) {
        self.link = link
        self.store = store
        self.executor = executor
        self.logger = logger
    }

    /// Subscribes and processes commands until cancelled.
    public func run() async throws(MQTTError) {
        let subscription = try await link.client.subscribe([link.topics.commands(link.droneID)], qos: .atLeastOnce)
        for await message in subscription {
            await process(message.payload)
        }
    }

    func process(_ payload: [UInt8]) async {
        let nowMs = Date().millis
        let command: Command
        do {
            command = try link.codec.decode(Command.self, from: payload)
        } catch {
            let reason: ReasonCode =
                switch error {
                case .unsupportedVersion: .unsupportedVersion
                case .unknownKind(let field, _) where field == "kind": .unknownCommand
                default: .malformed
                }
            logger.warning("bad command", metadata: ["reason": "\(reason.rawValue)", "error": "\(error)"])
            guard let commandID = Self.commandID(in: payload) else {
                logger.error("bad command without commandId: cannot reply")
                return
            }
            await answer(
                commandID: commandID, accepted: false, reason: reason, message: "\(error)", expiresAtMs: nowMs,
                nowMs: nowMs)
            return
        }
        // Unreadable reply store: acting could repeat a command already done, so refuse this delivery with the
        // reason instead; ground sees the answer and the error is logged.
        let stored: StoredReply?
        do { stored = try store.reply(for: command.commandID) } catch {
            logger.error(
                "cannot read stored replies", metadata: ["commandId": "\(command.commandID)", "error": "\(error)"])
            await answer(
                commandID: command.commandID, accepted: false, reason: .other,
                message: "cannot read reply store: \(error)",
                expiresAtMs: command.expiresAtMs, nowMs: nowMs)
            return
        }
        if let stored {
            logger.info("duplicate command, same reply", metadata: ["commandId": "\(command.commandID)"])
            await publish(Array(stored.reply))
            return
        }
        if command.droneID != link.droneID {
            await answer(
                commandID: command.commandID, accepted: false, reason: .malformed,
                message: "command for drone \(command.droneID)", expiresAtMs: command.expiresAtMs, nowMs: nowMs)
            return
        }
        if command.isExpired(atMs: nowMs) {
            await answer(
                commandID: command.commandID, accepted: false, reason: .expired,
                message: "expired \(nowMs - command.expiresAtMs) ms ago", expiresAtMs: command.expiresAtMs, nowMs: nowMs
            )
            return
        }
        let outcome = await executor.handle(command)
        logger.info(
            "command",
            metadata: [
                "commandId": "\(command.commandID)", "kind": "\(command.kind.wireName)",
                "accepted": "\(outcome.accepted)", "reason": "\(outcome.reason?.rawValue ?? "-")",
            ])
        await answer(
            commandID: command.commandID, accepted: outcome.accepted, reason: outcome.reason, message: outcome.message,
            expiresAtMs: command.expiresAtMs, nowMs: nowMs)
    }

    private func answer(
        commandID: String, accepted: Bool, reason: ReasonCode?, message: String?, expiresAtMs: Int64, nowMs: Int64
    ) async {
        let reply = CommandReply(
            commandID: commandID, droneID: link.droneID, accepted: accepted, reason: reason,
            message: message.map { String($0.prefix(1000)) }, timeMs: nowMs)
        let bytes: [UInt8]
        do { bytes = try link.codec.encodeBytes(reply) } catch {
            logger.error("cannot encode reply", metadata: ["commandId": "\(commandID)", "error": "\(error)"])
            return
        }
        do {
            try store.storeReply(
                StoredReply(
                    commandID: commandID, reply: Data(bytes),
                    expiresAt: max(expiresAtMs, nowMs) + Self.replyRetentionMs))
        } catch {
            logger.error("cannot store reply", metadata: ["commandId": "\(commandID)", "error": "\(error)"])
        }
        await publish(bytes)
    }

    private func publish(_ bytes: [UInt8]) async {
        do {
            try await link.client.publish(link.topics.replies(link.droneID), payload: bytes, qos: .atLeastOnce)
        } catch {
            logger.warning("reply publish failed", metadata: ["error": "\(error)"])
        }
    }

    /// The commandId of a payload that did not decode as a command, if it has a usable one. A regex
    /// rather than a JSON parse, so even truncated JSON can be answered.
    static func commandID(in payload: [UInt8]) -> String? {
        guard let text = String(validating: payload, as: UTF8.self),
            let match = text.firstMatch(of: /"commandId"\s*:\s*"([A-Za-z0-9_.:\-]{1,128})"/)
        else { return nil }
        return String(match.1)
    }
}
