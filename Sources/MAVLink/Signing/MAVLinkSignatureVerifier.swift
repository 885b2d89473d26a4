/// Verifies the signatures of incoming frames on a link whose peers share one key.
///
/// Follows `mavlink_signature_check` and the accept-unsigned hook of the C library's
/// mavlink_helpers.h: the signature must match; a stream is (system id, component id, link id) and
/// its timestamps must strictly increase (replays are refused); a new stream may start at most one
/// minute (6,000,000 × 10 µs) behind the newest timestamp seen; at most 16 streams
/// (MAVLINK_MAX_SIGNING_STREAMS). Unsigned or badly signed frames pass only if their id is in
/// `acceptsUnsigned` (PX4's `MavlinkSignControl::accept_unsigned` list is RADIO_STATUS,
/// ADSB_VEHICLE and COLLISION).
public struct MAVLinkSignatureVerifier: Sendable {
    /// Message ids PX4 accepts unsigned when signing is required (mavlink_sign_control.cpp,
    /// `unsigned_messages`): RADIO_STATUS 109, ADSB_VEHICLE 246, COLLISION 247.
    public static let px4UnsignedMessages: Set<UInt32> = [109, 246, 247]
    /// ArduPilot's list (GCS_Signing.cpp, `accept_list`): RADIO_STATUS 109, RADIO 166.
    public static let ardupilotUnsignedMessages: Set<UInt32> = [109, 166]
    /// One minute in signing-timestamp units (10 µs).
    public static let newStreamWindow: UInt64 = 6_000_000
    public static let maxStreams = 16

    private struct Stream: Hashable {
        var systemID: UInt8
        var componentID: UInt8
        var linkID: UInt8
    }

    public let key: MAVLinkSigningKey
    public let acceptsUnsigned: Set<UInt32>
    /// The newest timestamp seen or started from: new streams must be within a minute of it.
    public private(set) var timestamp: UInt64
    private var streams: [Stream: UInt64] = [:]

    public init(
        key: MAVLinkSigningKey, acceptsUnsigned: Set<UInt32> = [], timestamp: UInt64 = MAVLinkSignature.timestamp()
    ) {
        self.key = key
        self.acceptsUnsigned = acceptsUnsigned
        self.timestamp = timestamp
    }

    /// Checks `frame` and, when it is correctly signed and fresh, records its timestamp.
    public mutating func check(_ frame: MAVLinkFrame) -> MAVLinkSignatureCheck {
        let result = verify(frame)
        if !result.isAccepted, acceptsUnsigned.contains(frame.messageID) { return .acceptedUnsigned }
        return result
    }

    private mutating func verify(_ frame: MAVLinkFrame) -> MAVLinkSignatureCheck {
        guard frame.version == .v2, frame.isSigned, let block = frame.signature,
            block.count == MAVLinkFrame.signatureLength
        else { return .unsigned }
        let wire: [UInt8]
        do {
            wire = try frame.serialized()
        } catch {
            // An id we cannot checksum cannot be verified either.
            return .badSignature
        }
        let linkID = block[0]
        let stamp = MAVLinkSignature.timestamp(ofBlock: block)
        let expected = MAVLinkSignature.compute(
            key: key, frame: wire.dropLast(MAVLinkFrame.signatureLength), linkID: linkID, timestamp: stamp)
        // Compare every byte so the time taken does not tell how many matched.
        var difference: UInt8 = 0
        for (a, b) in zip(expected, block.suffix(6)) { difference |= a ^ b }
        guard difference == 0 else { return .badSignature }
        let stream = Stream(systemID: frame.systemID, componentID: frame.componentID, linkID: linkID)
        if let last = streams[stream] {
            guard stamp > last else { return .replayed }
        } else {
            guard streams.count < Self.maxStreams else { return .tooManyStreams }
            guard stamp + Self.newStreamWindow >= timestamp else { return .stale }
        }
        streams[stream] = stamp
        timestamp = max(timestamp, stamp)
        return .accepted
    }
}
