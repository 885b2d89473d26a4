/// TLS settings for the broker connection. Peer verification is on unless explicitly turned off.
public struct MQTTTLSConfiguration: Sendable, Hashable {
    /// PEM file of the certificate authority that signed the broker's certificate.
    public var caFile: String
    /// PEM client certificate, for brokers that require one (with `keyFile`).
    public var certFile: String?
    /// PEM private key of `certFile`.
    public var keyFile: String?
    /// Verify the broker's certificate chain and host name. Turning this off is for tests only.
    public var verifyPeer: Bool

    public init(caFile: String, certFile: String? = nil, keyFile: String? = nil, verifyPeer: Bool = true) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.verifyPeer = verifyPeer
    }
}
