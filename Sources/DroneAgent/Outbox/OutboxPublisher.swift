import Foundation
import Logging
import MQTTClient

/// Drains the outbox in eventSeq order: publishes each event with QoS 1 and deletes it only after the
/// broker's PUBACK. On any failure it starts again from the oldest row, so nothing is skipped.
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
                for await _ in signal.stream {
                    do {
                        _ = try await drain(limit: 100)
                    } catch {
                        logger.warning("outbox publish failed, will resend from oldest", metadata: ["error": "\(error)"])
                        try? await Task.sleep(for: .milliseconds(300))
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Publishes pending rows until the outbox is empty; returns how many were acknowledged.
    public func drain(limit: Int) async throws -> Int {
        var sent = 0
        while true {
            let rows = try store.pendingEvents(limit: limit)
            if rows.isEmpty { return sent }
            for row in rows {
                try await client.publish(row.topic, payload: [UInt8](row.payload), qos: .atLeastOnce)
                try store.acknowledge(eventSeq: row.eventSeq)
                sent += 1
            }
        }
    }
}
