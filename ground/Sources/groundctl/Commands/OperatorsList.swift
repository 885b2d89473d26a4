import ArgumentParser
import GroundAPIModel

/// `groundctl operators list`.
struct OperatorsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List operator accounts.")
    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let (data, list) = try await options.client().value(OperatorListResponse.self, .GET, "/v1/operators")
        if options.json { return Output.raw(data) }
        print(Operators.table(list.operators))
    }
}
