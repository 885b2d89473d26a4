/// Connection state transitions published on `MQTTClient.connectionStates()`.
public enum MQTTConnectionState: Sendable, Hashable {
    /// Connected (again). `sessionPresent` tells whether the broker resumed the stored session.
    case connected(sessionPresent: Bool)
    /// The connection is gone; the client reconnects with backoff unless it was shut down.
    case disconnected(reason: MQTTError)
}
