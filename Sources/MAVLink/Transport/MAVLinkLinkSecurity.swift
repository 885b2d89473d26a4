/// How a link authenticates frames: nothing (the default), or MAVLink 2 signing with a shared key.
///
/// With a key, every outgoing frame is signed and an incoming frame is passed on only if its
/// signature verifies (or its id is in `acceptsUnsigned`); the rest are counted in
/// `MAVLinkLinkStatistics` and dropped.
public struct MAVLinkLinkSecurity: Sendable, Hashable {
    public var signingKey: MAVLinkSigningKey?
    /// Link id written into our signatures (the C library uses the channel number).
    public var linkID: UInt8
    /// Message ids passed on without a valid signature.
    public var acceptsUnsigned: Set<UInt32>

    public init(signingKey: MAVLinkSigningKey? = nil, linkID: UInt8 = 0, acceptsUnsigned: Set<UInt32> = []) {
        self.signingKey = signingKey
        self.linkID = linkID
        self.acceptsUnsigned = acceptsUnsigned
    }

    /// No signing: frames go out unsigned and every valid frame is passed on.
    public static let none = MAVLinkLinkSecurity()

    /// A fresh verifier for this set-up, nil without a key.
    public func makeVerifier() -> MAVLinkSignatureVerifier? {
        signingKey.map { MAVLinkSignatureVerifier(key: $0, acceptsUnsigned: acceptsUnsigned) }
    }

    /// A fresh signer for this set-up, nil without a key.
    public func makeSigner() -> MAVLinkSigner? {
        signingKey.map { MAVLinkSigner(key: $0, linkID: linkID) }
    }
}
