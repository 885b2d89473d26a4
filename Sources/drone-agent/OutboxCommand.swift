import ArgumentParser
import DroneAgent
import Foundation

/// `drone-agent outbox`: what the agent's SQLite holds, as one JSON object on stdout. Safe while the
/// agent runs (WAL readers do not block it); creates nothing when the agent never started.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Print the event outbox and current assignment of the agent's store as JSON, then exit.",
        discussion: """
            Takes the agent's own --config (and --data-dir). Fields: lastEventSeq (highest eventSeq \
            allocated), pendingEvents (not yet acknowledged by the broker), deadLetters (refused by the \
            broker for good), and assignmentId, deliveryId and phase of the assignment being flown \
            (absent when idle).
            """
    )

    /// The agent's flags: the same --config and --data-dir locate the same file.
    @ParentCommand var agent: DroneAgentCommand

    func run() throws {
        var configuration: AgentConfiguration
        if let config = agent.config {
            configuration = try AgentConfiguration.load(path: config)
        } else if agent.dataDir != nil {
            configuration = AgentConfiguration(droneID: agent.droneID ?? "unknown")
        } else {
            throw ValidationError("give --config <file> or --data-dir <directory>")
        }
        if let dataDir = agent.dataDir { configuration.dataDirectory = dataDir }
        let summary =
            FileManager.default.fileExists(atPath: configuration.storePath)
            ? try OutboxSummary(store: AgentStore(path: configuration.storePath)) : .empty
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(summary), as: UTF8.self))
    }
}
