/// What a ``MAVLinkSignatureVerifier`` decided about one frame.
public enum MAVLinkSignatureCheck: Sendable, Hashable {
    /// Signed with the shared key, timestamp newer than the stream's last one.
    case accepted
    /// Not (correctly) signed, but its message id is on the accept-unsigned list.
    case acceptedUnsigned
    /// No signature (or a MAVLink 1 frame, which cannot carry one).
    case unsigned
    /// The signature does not match the key: forged, corrupted, or another key.
    case badSignature
    /// Correct signature, but the timestamp is not newer than the last one of its stream: a replay.
    case replayed
    /// Correct signature opening a new stream with a timestamp over a minute older than ours.
    case stale
    /// Correct signature, but the verifier already tracks its maximum number of streams.
    case tooManyStreams

    public var isAccepted: Bool { self == .accepted || self == .acceptedUnsigned }
}
