import ArgumentParser
import GroundAPIModel

/// `groundctl rotate-key <businessId>`: a new business key (the business's current key, or the operator's).
struct RotateKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-key",
        abstract: "Replace a business's API key; the old one keeps working until the printed time.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Business id.") var business: String

    func run() async throws {
        let (data, rotated) = try await options.client().value(
            RotatedKey.self, .POST, "/v1/businesses/\(Path.escape(business))/rotate-key")
        if options.json { return Output.raw(data) }
        var table = Table(["ID", "API KEY", "OLD KEY EXPIRES"])
        table.add([rotated.id, rotated.apiKey, Output.cell(rotated.previousKeyExpiresAt)])
        print(table.render())
    }
}
