import ArgumentParser
import GroundAPIModel
import GroundCore

/// `groundctl operators add NAME [--role viewer|dispatcher]`: the account's key is printed this once.
struct OperatorsAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Create an operator account; prints its key once.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The operator's name.") var name: String
    @Option(help: "viewer (reads only, the default) or dispatcher.") var role: String = OperatorRole.viewer.rawValue

    func run() async throws {
        guard let parsed = OperatorRole(rawValue: role) else {
            throw CLIError.invalidArgument(
                "--role", "\(role) is not one of \(OperatorRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let (data, created) = try await options.client().value(
            OperatorKeyResponse.self, .POST, "/v1/operators", body: CreateOperatorRequest(name: name, role: parsed))
        if options.json { return Output.raw(data) }
        print(Operators.table([created.operator]))
        print("key: \(created.apiKey) (shown once)")
    }
}
