import FleetProtocol
import Foundation

/// The depots file (`--depots-file`): `{"depots":[{"depotId":"d1","lat":..,"lon":..,"pads":4,
/// "chargePowerW":400,"swapSeconds":120,"mode":"charge"}]}`, shared with firmware-sim.
package enum DepotsFile {
    package struct Problem: Error, Sendable, CustomStringConvertible {
        /// JSON path of the bad value, e.g. `depots[1].pads`.
        package let field: String
        package let reason: String
        package var description: String { "\(field): \(reason)" }
    }

    private struct Document: Decodable {
        var depots: [Depot]
    }

    /// The depots in `data`, or the first problem naming its field.
    package static func parse(_ data: Data) throws(Problem) -> [Depot] {
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: data) } catch let error as DecodingError {
            throw Problem(field: path(of: error), reason: "\(describe(error))")
        } catch {
            throw Problem(field: "depots", reason: "not JSON: \(error)")
        }
        var seen: Set<String> = []
        for (index, depot) in document.depots.enumerated() {
            let at = "depots[\(index)]"
            guard !depot.depotID.isEmpty, depot.depotID.utf8.count <= 64 else {
                throw Problem(field: "\(at).depotId", reason: "must be 1 to 64 bytes")
            }
            guard seen.insert(depot.depotID).inserted else {
                throw Problem(field: "\(at).depotId", reason: "\(depot.depotID) is listed twice")
            }
            do { try depot.location.validate(at: at) } catch {
                throw Problem(field: "\(at).lat", reason: "lat must be in [-90, 90] and lon in [-180, 180]")
            }
            guard depot.pads >= 1 else { throw Problem(field: "\(at).pads", reason: "must be at least 1") }
            guard depot.chargePowerW.isFinite, depot.chargePowerW > 0 else {
                throw Problem(field: "\(at).chargePowerW", reason: "must be positive")
            }
            guard depot.swapSeconds.isFinite, depot.swapSeconds > 0 else {
                throw Problem(field: "\(at).swapSeconds", reason: "must be positive")
            }
        }
        return document.depots
    }

    private static func path(of error: DecodingError) -> String {
        let (context, key): (DecodingError.Context?, (any CodingKey)?) =
            switch error {
            case let .keyNotFound(key, context): (context, key)
            case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
                (context, nil)
            @unknown default: (nil, nil)
            }
        let keys = (context?.codingPath ?? []) + (key.map { [$0] } ?? [])
        let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
        return text.isEmpty ? "depots" : text
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound: "missing"
        case .typeMismatch(let type, _): "must be \(type == String.self ? "a string" : "a number")"
        case .valueNotFound: "must not be null"
        case .dataCorrupted: "invalid value (mode is charge or swap)"
        @unknown default: "invalid"
        }
    }
}
