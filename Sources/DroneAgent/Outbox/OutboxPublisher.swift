import Foundation
import Logging
import MQTTClient

/// Drains the outbox in eventSeq order: publishes each event with QoS 1 and deletes it only after the
/// broker's PUBACK. On a failure it starts again from the oldest row, so nothing is skipped, backing off
/// while the failures go on. The one exception is a PUBACK that refuses the event for a reason no retry
/// can change (too large, malformed, bad topic): that row moves to the `deadLetter` table, logged as an
/// error, so it cannot hold every later event back forever.
public struct OutboxPublisher: Sendable {
    let store: AgentStore
    let client: MQTTClient
    let signal: OutboxSignal
    let logger: Logger

    public init(store: AgentStore, client: MQTTClient, signal: OutboxSignal, logger: Logger) {
        self.store = store
        self.client = client
        self.signal = signal
        self.logger = logger
    }

    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            // A slow heartbeat covers coalesced signals and retries after a failure.
            group.addTask {
                while !Task.isCancelled {
                    signal.notify()
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            group.addTask {
                var backoff = Self.minimumBackoff
                for await _ in signal.stream {
                    do {
                        _ = try await drain(limit: 100)
                        backoff = Self.minimumBackoff
                    } catch {
                        logger.warning(
                            "outbox publish failed, will resend from oldest",
                            metadata: ["error": "\(error)", "retryIn": "\(backoff)"])
                        try? await Task.sleep(for: backoff)
                        backoff = min(backoff * 2, Self.maximumBackoff)
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    static let minimumBackoff: Duration = .milliseconds(300)
    static let maximumBackoff: Duration = .seconds(30)

    /// PUBACK reason codes that refuse this very message whatever happens later: 0x90 topic name
    /// invalid, 0x95 packet too large, 0x99 payload format invalid. "Not authorized" (0x87) and
    /// "quota exceeded" (0x97) are not among them: an operator can fix an ACL, a quota recovers.
    static let permanentRejections: Set<Int32> = [0x90, 0x95, 0x99]

    /// Why the broker refused a publish for good, or nil when a retry may succeed.
    static func permanentRejection(_ error: MQTTError) -> String? {
        guard case let .rejected(_, code, message) = error, permanentRejections.contains(code) else { return nil }
        return "PUBACK \(code): \(message)"
    }

    /// Publishes pending rows until the outbox is empty; returns how many were acknowledged.
    public func drain(limit: Int) async throws -> Int {
        var sent = 0
        while true {
            let rows = try store.pendingEvents(limit: limit)
            if rows.isEmpty {
                if sent > 0 { signal.notifyDrained() }
                return sent
            }
            for row in rows {
                do {
                    try await client.publish(row.topic, payload: [UInt8](row.payload), qos: .atLeastOnce)
                } catch {
                    guard let reason = Self.permanentRejection(error) else { throw error }
                    logger.error(
                        "broker refused event for good, moved to dead letters",
                        metadata: ["eventSeq": "\(row.eventSeq)", "reason": "\(reason)"])
                    try store.deadLetter(eventSeq: row.eventSeq, reason: reason)
                    continue
                }
                try store.acknowledge(eventSeq: row.eventSeq)
                sent += 1
            }
        }
    }
}
