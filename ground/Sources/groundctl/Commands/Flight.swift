import ArgumentParser
import Foundation
import GroundAPIModel

/// `groundctl flight <id> [--format json|geojson|csv] [--file FILE]`: a delivery's stored flight log.
struct Flight: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download a delivery's flight log: track and events (json), or the track as geojson or csv.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case summary, json, geojson, csv
    }

    @OptionGroup var options: GlobalOptions
    @Argument(help: "Delivery id.") var id: String
    @Option(help: "summary (a table), json, geojson or csv.") var format: Format = .summary
    @Option(name: .customLong("file"), help: "Write the download to this file instead of standard output.") var file:
        String?

    func run() async throws {
        let path = "/v1/deliveries/\(Path.escape(id))/flight"
        let client = options.client()
        let data: Data
        switch options.json ? .json : format {
        case .summary:
            let (_, log) = try await client.value(FlightLogResponse.self, .GET, path)
            var table = Table(["DRONE", "FROM", "TO", "SAMPLES", "EVENTS"])
            table.add([
                Output.cell(log.droneID), Output.cell(log.from), Output.cell(log.to), Output.cell(log.track.count),
                Output.cell(log.events.count),
            ])
            return print(table.render())
        case .json: data = try await client.send(.GET, path)
        case .geojson: data = try await client.send(.GET, path + "?format=geojson")
        case .csv: data = try await client.send(.GET, path + "?format=csv")
        }
        guard let file else { return Output.raw(data) }
        do { try data.write(to: URL(fileURLWithPath: file)) } catch {
            throw CLIError.invalidArgument("--file", "cannot write \(file): \(error.localizedDescription)")
        }
    }
}
