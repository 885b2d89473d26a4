import ArgumentParser
import GroundCore

/// `groundctl alerts resolve ID`: closes an open or acknowledged alert (dispatcher).
struct AlertsResolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Resolve an open or acknowledged alert (dispatcher).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Alert id.") var alertID: String

    func run() async throws {
        let (data, alert) = try await options.client().value(
            Alert.self, .POST, "/v1/alerts/\(Path.escape(alertID))/resolve")
        if options.json { return Output.raw(data) }
        print(Alerts.table([alert]))
    }
}
