import ArgumentParser
import Foundation

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Base URL of ground-control (default $SKYRELAY_URL or http://127.0.0.1:8080).")
    var url: String?

    @Option(name: .long, help: "API key: operator key or a business key (default $SKYRELAY_KEY).")
    var key: String?

    @Option(
        name: [.customShort("o"), .long], help: "Output format: table (default) or json (the API's answer unchanged).")
    var output: OutputFormat = .table

    @Flag(name: .customLong("json"), help: "Same as --output json.")
    var jsonFlag = false

    /// Whether to print the API's JSON instead of a table.
    var json: Bool { jsonFlag || output == .json }

    var baseURL: String {
        let raw = url ?? ProcessInfo.processInfo.environment["SKYRELAY_URL"] ?? "http://127.0.0.1:8080"
        return raw.hasSuffix("/") ? String(raw.dropLast()) : raw
    }

    var apiKey: String? { key ?? ProcessInfo.processInfo.environment["SKYRELAY_KEY"] }

    func client() -> APIClient { APIClient(baseURL: baseURL, key: apiKey) }
}
