import Foundation

extension AgentConfiguration {
    /// The agent's SQLite file inside `dataDirectory`: the running agent and `drone-agent outbox` open the same one.
    public var storePath: String {
        (dataDirectory as NSString).appendingPathComponent("agent.sqlite")
    }
}
