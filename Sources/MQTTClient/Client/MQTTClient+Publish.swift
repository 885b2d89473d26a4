extension MQTTClient {
    /// Publishes `payload` on `topic`.
    ///
    /// QoS 0 returns once libmosquitto queued the packet and throws `.notConnected` while the
    /// connection is down. QoS 1/2 waits for a lost connection to come back, then returns once the
    /// broker acknowledged (PUBACK/PUBCOMP); it throws `.rejected` for a failure reason code
    /// (e.g. not authorized), `.notConnected` if the connection did not come back and `.timeout`
    /// if the broker did not acknowledge within `publishTimeout`, and `.shutdown` on `disconnect()`.
    public func publish(
        _ topic: String,
        payload: [UInt8],
        qos: MQTTQoS,
        retain: Bool = false,
        properties: MQTTPublishProperties = .init()
    ) async throws(MQTTError) {
        if qos == .atMostOnce {
            guard link == .connected, let handle else { throw .notConnected }
            _ = try handle.publish(topic, payload: payload, qos: qos, retain: retain, properties: properties)
            return
        }
        let deadline = ContinuousClock.now + configuration.publishTimeout
        while true {
            try await waitForConnection(until: deadline)
            do throws(MQTTError) {
                let codes = try await request("publish \(topic)", until: deadline) { handle throws(MQTTError) in
                    try handle.publish(topic, payload: payload, qos: qos, retain: retain, properties: properties)
                }
                if let code = codes.first, code >= 0x80 {
                    throw .rejected(
                        operation: "publish \(topic)", code: code, message: MQTTError.reasonText(code, version: .v5))
                }
                return
            } catch .notConnected {
                // The connection dropped between the state check and the call: wait for it again.
                continue
            }
        }
    }
}
