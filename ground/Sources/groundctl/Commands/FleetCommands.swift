import ArgumentParser

/// `groundctl recall <id>`: send the drone home (operator key).
struct Recall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Recall a drone to its home (operator).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Drone id.") var id: String

    func run() async throws {
        let (data, object) = try await options.client().object(.POST, "/v1/fleet/\(Path.escape(id))/recall")
        options.json ? Output.raw(data) : print("recall \(Output.cell(object["status"])) to \(id)")
    }
}

/// `groundctl land <id>`: land where it is now (operator key).
struct Land: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Make a drone land now (operator).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Drone id.") var id: String

    func run() async throws {
        let (data, object) = try await options.client().object(.POST, "/v1/fleet/\(Path.escape(id))/land")
        options.json ? Output.raw(data) : print("land-now \(Output.cell(object["status"])) to \(id)")
    }
}
