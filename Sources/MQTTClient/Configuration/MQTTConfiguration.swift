/// Everything `MQTTClient` needs to reach and talk to a broker.
public struct MQTTConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Client identifier; with a persistent session it names the session on the broker.
    public var clientID: String
    public var username: String?
    public var password: String?
    /// Keep-alive interval the broker uses to detect a dead client (whole seconds, at least 5).
    public var keepAlive: Duration
    public var protocolVersion: MQTTProtocolVersion
    /// Start without a stored session. `false` resumes the broker's session for `clientID`.
    public var cleanStart: Bool
    /// How long the broker keeps the session after a disconnect (MQTT v5). With v3.1.1 any
    /// non-clean session is kept until the broker's own expiry.
    public var sessionExpiry: Duration
    public var tls: MQTTTLSConfiguration?
    public var will: MQTTWill?
    public var reconnect: MQTTBackoff
    /// Messages buffered per subscription before the oldest/newest are dropped (counted).
    public var receiveBufferCapacity: Int
    /// Which messages a full subscription buffer drops.
    public var receiveBufferPolicy: MQTTBufferPolicy
    /// How long a QoS 1/2 publish (or subscribe) waits for the broker before throwing `.timeout`,
    /// including time spent waiting for a lost connection to come back.
    public var publishTimeout: Duration
    /// How long `connect()` waits for the broker's CONNACK.
    public var connectTimeout: Duration
    /// While messages arrive in quick succession (hand-overs less than twice this apart), the network
    /// thread waits this long after each hand-over before reading again, so each hand-over carries
    /// the messages of this span: fewer thread wake-ups per message, each message held up to this
    /// long. Zero (the default) hands every read burst over at once.
    public var receiveCoalescing: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 1883,
        clientID: String,
        username: String? = nil,
        password: String? = nil,
        keepAlive: Duration = .seconds(30),
        protocolVersion: MQTTProtocolVersion = .v5,
        cleanStart: Bool = true,
        sessionExpiry: Duration = .zero,
        tls: MQTTTLSConfiguration? = nil,
        will: MQTTWill? = nil,
        reconnect: MQTTBackoff = MQTTBackoff(),
        receiveBufferCapacity: Int = 10_000,
        receiveBufferPolicy: MQTTBufferPolicy = .dropNewest,
        publishTimeout: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(10),
        receiveCoalescing: Duration = .zero
    ) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.username = username
        self.password = password
        self.keepAlive = keepAlive
        self.protocolVersion = protocolVersion
        self.cleanStart = cleanStart
        self.sessionExpiry = sessionExpiry
        self.tls = tls
        self.will = will
        self.reconnect = reconnect
        self.receiveBufferCapacity = receiveBufferCapacity
        self.receiveBufferPolicy = receiveBufferPolicy
        self.publishTimeout = publishTimeout
        self.connectTimeout = connectTimeout
        self.receiveCoalescing = receiveCoalescing
    }
}
