/// The MQTT v5 publish properties SkyRelay uses. Ignored (not sent) on a v3.1.1 connection.
public struct MQTTPublishProperties: Sendable, Hashable {
    /// MIME type of the payload, e.g. `application/json`.
    public var contentType: String?
    /// The broker discards the message if it is not delivered within this many seconds.
    public var messageExpiry: UInt32?
    /// Application key/value pairs, in order; keys may repeat.
    public var userProperties: [MQTTUserProperty]

    public init(contentType: String? = nil, messageExpiry: UInt32? = nil, userProperties: [MQTTUserProperty] = []) {
        self.contentType = contentType
        self.messageExpiry = messageExpiry
        self.userProperties = userProperties
    }

    var isEmpty: Bool { contentType == nil && messageExpiry == nil && userProperties.isEmpty }
}

/// One MQTT v5 user property.
public struct MQTTUserProperty: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
