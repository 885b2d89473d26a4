import Foundation

extension FlightLogResponse {
    /// The CSV header of ``csv``.
    package static let csvHeader = "time,lat,lon,alt,batteryPercent,groundSpeed,heading"

    /// The track as CSV (RFC 4180, `\r\n` line ends): one row per sample, empty cells for unknown values.
    /// Numbers only, so no cell needs quoting.
    package var csv: String {
        func cell(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        var lines = [Self.csvHeader]
        for point in track {
            lines.append(
                [
                    RFC3339.format(point.time), cell(point.lat), cell(point.lon), cell(point.alt),
                    cell(point.batteryPercent), cell(point.groundSpeed), cell(point.heading),
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
