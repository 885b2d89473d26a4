import MQTTClient
import TestSupport

/// Runs `body` against a fresh broker and always shuts the broker down afterwards.
func withBroker<T>(
    _ options: MosquittoBroker.Options = .init(),
    _ body: (MosquittoBroker, Int) async throws -> T
) async throws -> T {
    let broker = try await MosquittoBroker.start(options: options)
    do {
        let result = try await body(broker, Int(await broker.port))
        await broker.shutdown()
        return result
    } catch {
        print("broker log:\n\(broker.log())")
        await broker.shutdown()
        throw error
    }
}

/// Collects `count` messages from `subscription`, or fails after `timeout`.
func collect(_ count: Int, from subscription: MQTTSubscription, timeout: Duration = .seconds(10)) async throws
    -> [MQTTMessage]
{
    try await collect(from: subscription, timeout: timeout, what: "\(count) messages") { $0.count >= count }
}

/// Collects messages from `subscription` until `done` holds for what arrived, or fails after `timeout`.
func collect(
    from subscription: MQTTSubscription,
    timeout: Duration = .seconds(10),
    what: String,
    until done: @escaping @Sendable ([MQTTMessage]) -> Bool
) async throws -> [MQTTMessage] {
    try await withThrowingTaskGroup(of: [MQTTMessage].self) { group in
        group.addTask {
            var messages: [MQTTMessage] = []
            for await message in subscription {
                messages.append(message)
                if done(messages) { return messages }
            }
            throw TestSupportError.timeout("\(what) on \(subscription.filters): stream ended after \(messages.count)")
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TestSupportError.timeout("\(what) on \(subscription.filters)")
        }
        defer { group.cancelAll() }
        return try await group.next() ?? []
    }
}
