/// What the libmosquitto loop thread reports to the `MQTTClient` actor, in order.
enum MosquittoEvent: Sendable {
    /// CONNACK with success; `sessionPresent` from its flags.
    case connected(sessionPresent: Bool)
    /// CONNACK with a failure reason code.
    case connectRefused(code: Int32)
    /// The TCP/TLS connect call itself failed.
    case connectFailed(MQTTError)
    /// The connection ended; rc 0 means we asked for it.
    case disconnected(code: Int32)
    /// `mosquitto_loop` failed (lost connection, TLS error, ...).
    case loopFailed(MQTTError)
    /// PUBACK/PUBCOMP (or a QoS 0 write) for `mid`.
    case published(mid: Int32, reasonCode: Int32)
    /// SUBACK for `mid` with one granted QoS or failure code per filter.
    case subscribed(mid: Int32, granted: [Int32])
    /// UNSUBACK for `mid`.
    case unsubscribed(mid: Int32)
    /// Emitted about every 100 ms by the loop thread so the actor can expire deadlines
    /// without a timer task of its own.
    case tick
}
