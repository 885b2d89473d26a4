import ArgumentParser
import GroundAPIModel

/// `groundctl delivery <id>`: one delivery.
struct DeliveryDetail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delivery", abstract: "Show one delivery.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Delivery id.") var id: String

    func run() async throws {
        let (data, delivery) = try await options.client().value(
            DeliveryResponse.self, .GET, "/v1/deliveries/\(Path.escape(id))")
        options.json ? Output.raw(data) : print(try Output.detail(delivery))
    }
}

/// `groundctl cancel <id>`: cancel a delivery before pickup.
struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel a delivery.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Delivery id.") var id: String

    func run() async throws {
        let (data, delivery) = try await options.client().value(
            DeliveryResponse.self, .POST, "/v1/deliveries/\(Path.escape(id))/cancel")
        options.json ? Output.raw(data) : print("\(id): \(Output.cell(delivery.status))")
    }
}
