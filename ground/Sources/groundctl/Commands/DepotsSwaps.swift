import ArgumentParser
import GroundAPIModel

/// `groundctl depots swaps DEPOT`: the pack swaps a swap depot's staff must do, open ones first by when
/// each is needed, then those closed in the last minutes.
struct DepotsSwaps: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swaps", abstract: "List the pack swaps a depot's staff must do (open first, by need).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Depot id (as in the depots file).") var depot: String

    func run() async throws {
        let (data, list) = try await options.client().value(
            DepotSwapsResponse.self, .GET, "/v1/depots/\(Path.escape(depot))/swaps")
        if options.json { return Output.raw(data) }
        if list.mode == .charge {
            print("depot \(list.depotID) charges on its \(list.pads) pads: no swaps to do")
            return
        }
        print(Depots.table(list))
    }
}
