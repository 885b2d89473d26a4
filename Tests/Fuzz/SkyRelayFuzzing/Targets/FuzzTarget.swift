/// A fuzz target: one decoder family and the invariants its output must satisfy.
///
/// The bodies are written once here and driven from three places: the libFuzzer executables, the
/// mutation harness those executables fall back to without libFuzzer, and the FuzzTests test target.
public enum FuzzTarget: String, CaseIterable, Sendable, Hashable {
    /// `MAVLinkStreamParser` and every generated message decoder behind it.
    case mavlinkParser = "mavlink-parser"
    /// `FleetCodec` decoding of every fleet message type, and topic parsing.
    case fleetProtocol = "fleet-protocol"
    /// The ground HTTP API's JSON request bodies, through the real router and error mapping.
    case groundHTTP = "ground-http"

    /// Runs the target on one input; throws if an invariant breaks. Bad input itself is never an error.
    ///
    /// Async because some targets drive async code (an HTTP router); the byte-level ones do not suspend.
    public func run(_ input: [UInt8]) async throws(FuzzFinding) {
        switch self {
        case .mavlinkParser: try MAVLinkParserFuzzer.fuzz(input)
        case .fleetProtocol: try FleetProtocolFuzzer.fuzz(input)
        case .groundHTTP: try await GroundHTTPFuzzer.shared().fuzz(input)
        }
    }
}
