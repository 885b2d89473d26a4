import ArgumentParser

/// `groundctl operators remove ID`: the account's key stops working at once; its audit entries stay.
struct OperatorsRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove an operator account (its key stops working at once).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Operator id.") var operatorID: String

    func run() async throws {
        _ = try await options.client().send(.DELETE, "/v1/operators/\(Path.escape(operatorID))")
        try Output.removed(operatorID, json: options.json)
    }
}
