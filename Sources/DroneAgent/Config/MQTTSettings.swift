/// Broker address, identity and transport security of the agent's MQTT link.
public struct MQTTSettings: Codable, Sendable, Equatable {
    /// Broker host (default 127.0.0.1).
    public var host: String
    /// Broker port (default 1883, 8883 is usual with TLS).
    public var port: Int
    /// Password for the drone-id username; `nil` connects without credentials.
    public var password: String?
    /// File holding the password (read at start-up, so the secret stays out of the config file).
    public var passwordFile: String?
    /// Topic prefix (default `skyrelay`).
    public var topicPrefix: String
    /// Keep-alive in seconds (default 10).
    public var keepAliveSeconds: Int
    /// TLS settings; `nil` means plain TCP.
    public var tls: TLSSettings?

    /// CA and optional client certificate for TLS.
    public struct TLSSettings: Codable, Sendable, Equatable {
        /// PEM file of the CA that signed the broker certificate.
        public var caFile: String
        /// Client certificate PEM (mutual TLS), optional.
        public var certFile: String?
        /// Client key PEM (mutual TLS), optional.
        public var keyFile: String?
    }

    /// Defaults: 127.0.0.1:1883, no credentials, prefix `skyrelay`.
    public init(host: String = "127.0.0.1", port: Int = 1883, password: String? = nil, topicPrefix: String = "skyrelay")
    {
        self.host = host
        self.port = port
        self.password = password
        passwordFile = nil
        self.topicPrefix = topicPrefix
        keepAliveSeconds = 10
        tls = nil
    }
}

extension MQTTSettings {
    /// Every key is optional in YAML; absent ones keep the defaults of ``init(host:port:password:topicPrefix:)``.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? port
        password = try c.decodeIfPresent(String.self, forKey: .password)
        passwordFile = try c.decodeIfPresent(String.self, forKey: .passwordFile)
        topicPrefix = try c.decodeIfPresent(String.self, forKey: .topicPrefix) ?? topicPrefix
        keepAliveSeconds = try c.decodeIfPresent(Int.self, forKey: .keepAliveSeconds) ?? keepAliveSeconds
        tls = try c.decodeIfPresent(TLSSettings.self, forKey: .tls)
    }
}
