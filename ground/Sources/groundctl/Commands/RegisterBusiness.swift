import ArgumentParser

/// `groundctl register-business <name>`: create a tenant and print its API key (shown once).
struct RegisterBusiness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Register a business and print its API key.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Business name.") var name: String

    func run() async throws {
        let (data, object) = try await options.client().object(.POST, "/v1/businesses", body: ["name": name])
        if options.json { return Output.raw(data) }
        var table = Table(["ID", "NAME", "API KEY (shown once)"])
        table.add([Output.cell(object["id"]), Output.cell(object["name"]), Output.cell(object["apiKey"])])
        print(table.render())
    }
}
