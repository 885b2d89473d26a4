extension MQTTClient {
    /// Subscribes to `filters` (wildcards and `$share/<group>/...` allowed) and returns their
    /// messages as one sequence. Waits for the SUBACK; a filter the broker refused throws
    /// `.rejected`. While the connection is down it waits for it (up to `publishTimeout`).
    public func subscribe(_ filters: [String], qos: MQTTQoS = .atLeastOnce) async throws(MQTTError) -> MQTTSubscription
    {
        guard !filters.isEmpty else { throw .rejected(operation: "subscribe", code: -1, message: "no filters") }
        for filter in filters { try MosquittoHandle.validate(filter: filter) }
        let deadline = ContinuousClock.now + configuration.publishTimeout
        try await waitForConnection(until: deadline)

        let id = makeID()
        let capacity = max(1, configuration.receiveBufferCapacity)
        let policy: AsyncStream<MQTTMessage>.Continuation.BufferingPolicy =
            switch configuration.receiveBufferPolicy {
            case .dropNewest: .bufferingOldest(capacity)
            case .dropOldest: .bufferingNewest(capacity)
            }
        let (stream, continuation) = AsyncStream.makeStream(of: MQTTMessage.self, bufferingPolicy: policy)
        let dropped = SubscriptionCounter()
        // Route before SUBSCRIBE so retained messages sent right after the SUBACK are not missed.
        router.add(id: id, filters: filters, sink: MessageSink(continuation), dropped: dropped)
        continuation.onTermination = { [router] _ in router.remove(id: id) }
        subscriptions[id] = SubscriptionRecord(filters: filters, qos: qos)

        do {
            let granted = try await sendSubscribe(filters, qos: qos, until: deadline)
            return MQTTSubscription(id: id, filters: filters, grantedQoS: granted, stream: stream, dropped: dropped)
        } catch {
            subscriptions.removeValue(forKey: id)
            router.remove(id: id)
            throw error
        }
    }

    /// Subscribes to `filters` and hands the messages to `deliver` on the client's network thread, in
    /// arrival order, for a consumer that merges several subscriptions and its own events into one
    /// stream: `deliver` yields into that stream, so no forwarding task (and no second task switch per
    /// message) sits between the broker and the consumer. Each call carries the messages of one read
    /// burst (one or more), so a consumer takes a burst as one element. `deliver` must not block; it
    /// returns how many of the messages it dropped (counted in `statistics.dropped`). `ended` is called
    /// once, when the client disconnects. Returns the granted QoS per filter; waits for the SUBACK as
    /// ``subscribe(_:qos:)`` does.
    public func subscribe(
        _ filters: [String], qos: MQTTQoS = .atLeastOnce, deliver: @escaping @Sendable ([MQTTMessage]) -> Int,
        ended: @escaping @Sendable () -> Void
    ) async throws(MQTTError) -> [MQTTQoS] {
        guard !filters.isEmpty else { throw .rejected(operation: "subscribe", code: -1, message: "no filters") }
        for filter in filters { try MosquittoHandle.validate(filter: filter) }
        let deadline = ContinuousClock.now + configuration.publishTimeout
        try await waitForConnection(until: deadline)

        let id = makeID()
        // Route before SUBSCRIBE so retained messages sent right after the SUBACK are not missed.
        let sink = MessageSink(take: deliver, finish: ended)
        router.add(id: id, filters: filters, sink: sink, dropped: SubscriptionCounter())
        subscriptions[id] = SubscriptionRecord(filters: filters, qos: qos)
        do {
            return try await sendSubscribe(filters, qos: qos, until: deadline)
        } catch {
            subscriptions.removeValue(forKey: id)
            router.remove(id: id)
            throw error
        }
    }

    /// Ends `subscription`'s sequence and unsubscribes at the broker from the filters no other
    /// live subscription of this client uses.
    public func unsubscribe(_ subscription: MQTTSubscription) async throws(MQTTError) {
        router.remove(id: subscription.id)
        guard subscriptions.removeValue(forKey: subscription.id) != nil else { return }
        pruneEndedSubscriptions()
        let stillUsed = Set(subscriptions.values.flatMap(\.filters))
        let unused = Array(Set(subscription.filters).subtracting(stillUsed))
        guard !unused.isEmpty, link == .connected else { return }
        let deadline = ContinuousClock.now + configuration.publishTimeout
        _ = try await request("unsubscribe \(unused)", until: deadline) { handle throws(MQTTError) in
            try handle.unsubscribe(unused)
        }
    }

    private func sendSubscribe(_ filters: [String], qos: MQTTQoS, until deadline: ContinuousClock.Instant)
        async throws(MQTTError) -> [MQTTQoS]
    {
        let codes = try await request("subscribe \(filters)", until: deadline) { handle throws(MQTTError) in
            try handle.subscribe(filters, qos: qos)
        }
        if let refused = codes.first(where: { $0 >= 0x80 }) {
            throw .rejected(
                operation: "subscribe \(filters)", code: refused, message: MQTTError.reasonText(refused, version: .v5))
        }
        return codes.compactMap(MQTTQoS.init(rawValue:))
    }

    /// After a reconnect without a resumed session the broker forgot our subscriptions.
    func resubscribeAll() {
        pruneEndedSubscriptions()
        guard let handle else { return }
        for record in subscriptions.values {
            do {
                _ = try handle.subscribe(record.filters, qos: record.qos)
                logger.info("MQTT resubscribed", metadata: ["filters": "\(record.filters)"])
            } catch {
                logger.error(
                    "MQTT resubscribe failed", metadata: ["filters": "\(record.filters)", "error": "\(error)"])
            }
        }
    }

    /// Forgets subscriptions whose consumer stopped iterating (their route is gone).
    private func pruneEndedSubscriptions() {
        for id in subscriptions.keys where !router.contains(id: id) {
            subscriptions.removeValue(forKey: id)
        }
    }
}
