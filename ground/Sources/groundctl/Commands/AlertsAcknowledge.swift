import ArgumentParser
import GroundCore

/// `groundctl alerts ack ID`: marks an open alert seen (dispatcher).
struct AlertsAcknowledge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Acknowledge an open alert (dispatcher).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Alert id.") var alertID: String

    func run() async throws {
        let (data, alert) = try await options.client().value(
            Alert.self, .POST, "/v1/alerts/\(Path.escape(alertID))/acknowledge")
        if options.json { return Output.raw(data) }
        print(Alerts.table([alert]))
    }
}
