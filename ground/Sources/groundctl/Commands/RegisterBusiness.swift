import ArgumentParser
import GroundAPIModel

/// `groundctl register-business <name>`: create a tenant and print its API key (shown once).
struct RegisterBusiness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Register a business and print its API key.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Business name.") var name: String

    func run() async throws {
        let (data, business) = try await options.client().value(
            RegisteredBusiness.self, .POST, "/v1/businesses", body: RegisterBusinessRequest(name: name))
        if options.json { return Output.raw(data) }
        var table = Table(["ID", "NAME", "API KEY (shown once)"])
        table.add([business.id, business.name, business.apiKey])
        print(table.render())
    }
}
