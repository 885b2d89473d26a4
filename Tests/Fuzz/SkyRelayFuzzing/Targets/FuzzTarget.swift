/// A fuzz target: one decoder family and the invariants its output must satisfy.
///
/// The bodies are written once here and driven from three places: the libFuzzer executables, the
/// mutation harness those executables fall back to without libFuzzer, and the FuzzTests test target.
public enum FuzzTarget: String, CaseIterable, Sendable, Hashable {
    /// `MAVLinkStreamParser` and every generated message decoder behind it.
    case mavlinkParser = "mavlink-parser"
    /// `FleetCodec` decoding of every fleet message type, and topic parsing.
    case fleetProtocol = "fleet-protocol"

    /// Runs the target on one input; throws if an invariant breaks. Bad input itself is never an error.
    public func run(_ input: [UInt8]) throws(FuzzFinding) {
        switch self {
        case .mavlinkParser: try MAVLinkParserFuzzer.fuzz(input)
        case .fleetProtocol: try FleetProtocolFuzzer.fuzz(input)
        }
    }

    /// Runs the target on libFuzzer's input and turns a finding into a crash, which is how libFuzzer
    /// learns about it (it then saves the input as a `crash-*` artifact).
    public func runTrappingFindings(_ data: UnsafePointer<UInt8>?, count: Int) {
        let input = [UInt8](UnsafeRawBufferPointer(start: data, count: count))
        do {
            try run(input)
        } catch {
            fatalError("fuzz finding: \(error)")
        }
    }
}
