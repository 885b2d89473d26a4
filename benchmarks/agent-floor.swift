// The floor of benchmarks/agent-footprint.py: a Swift program that loads what every Swift service on
// Linux loads (the Swift runtime, Concurrency, Foundation, Dispatch), encodes a little JSON and wakes at
// 10 Hz like the agent, and does nothing else. Its memory is what the platform costs before any code of
// the agent's: the agent's figures are read against it.
import Foundation

struct Sample: Codable {
    var timeMs: Int64
    var lat: Double
    var lon: Double
}

@main
enum AgentFloor {
    static func main() async throws {
        let encoder = JSONEncoder()
        var bytes = 0
        while true {
            let sample = Sample(timeMs: Int64(Date().timeIntervalSince1970 * 1000), lat: 47.3769, lon: 8.5417)
            bytes &+= try encoder.encode(sample).count
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
