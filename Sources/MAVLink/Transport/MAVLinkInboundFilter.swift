/// What a connection does with received bytes before anyone sees them: parse, then (on a signed link)
/// verify each frame and count what it refuses. Confined to the channel's event loop.
struct MAVLinkInboundFilter {
    private(set) var parser = MAVLinkStreamParser()
    private var verifier: MAVLinkSignatureVerifier?
    var strangerDatagrams = 0
    var lastStranger: String?
    private var unsigned = 0
    private var badSignature = 0
    private var replayed = 0
    private var acceptedUnsigned = 0

    init(security: MAVLinkLinkSecurity) {
        verifier = security.makeVerifier()
    }

    /// Frames of one UDP datagram that pass the signature check.
    mutating func datagram(_ bytes: some Collection<UInt8>) -> [MAVLinkFrame] {
        admit(parser.parseDatagram(bytes))
    }

    /// Frames completed by a chunk of a byte stream that pass the signature check.
    mutating func stream(_ bytes: some Collection<UInt8>) -> [MAVLinkFrame] {
        admit(parser.parse(bytes))
    }

    private mutating func admit(_ frames: [MAVLinkFrame]) -> [MAVLinkFrame] {
        guard var verifier else { return frames }
        defer { self.verifier = verifier }
        return frames.filter { frame in
            switch verifier.check(frame) {
            case .accepted: return true
            case .acceptedUnsigned:
                acceptedUnsigned += 1
                return true
            case .unsigned: unsigned += 1
            case .badSignature: badSignature += 1
            case .replayed, .stale, .tooManyStreams: replayed += 1
            }
            return false
        }
    }

    var statistics: MAVLinkLinkStatistics {
        var s = MAVLinkLinkStatistics()
        s.parser = parser.statistics
        s.strangerDatagrams = strangerDatagrams
        s.lastStranger = lastStranger
        s.unsigned = unsigned
        s.badSignature = badSignature
        s.replayed = replayed
        s.acceptedUnsigned = acceptedUnsigned
        return s
    }
}
