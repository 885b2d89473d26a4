import ArgumentParser
import GroundAPIModel

/// `groundctl recall <id>`: send the drone home (operator key).
struct Recall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Recall a drone to its home (operator).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Drone id.") var id: String

    func run() async throws {
        let (data, answer) = try await options.client().value(
            CommandResponse.self, .POST, "/v1/fleet/\(Path.escape(id))/recall")
        options.json ? Output.raw(data) : print("recall \(answer.status) to \(id)")
    }
}

/// `groundctl land <id>`: land where it is now (operator key).
struct Land: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Make a drone land now (operator).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Drone id.") var id: String

    func run() async throws {
        let (data, answer) = try await options.client().value(
            CommandResponse.self, .POST, "/v1/fleet/\(Path.escape(id))/land")
        options.json ? Output.raw(data) : print("land-now \(answer.status) to \(id)")
    }
}
