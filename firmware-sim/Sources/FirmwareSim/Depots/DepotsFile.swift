import Foundation

/// Reads the depots file, `{"depots":[{"depotId":"d1","lat":47.39,"lon":8.54,"pads":4,"chargePowerW":400,
/// "swapSeconds":120,"mode":"charge"}]}`, the format ground's planner reads too. Every field is required.
public enum DepotsFile {
    /// Why a depots file cannot be used; `field` is the JSON path (`depots[1].pads`).
    public enum LoadError: Error, Sendable, Hashable, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case malformed(path: String, field: String, reason: String)
        case invalid(path: String, field: String, reason: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "cannot read depots file \(path): \(reason)"
            case .malformed(let path, let field, let reason): "depots file \(path): \(field): \(reason)"
            case .invalid(let path, let field, let reason): "depots file \(path): \(field): \(reason)"
            }
        }
    }

    struct File: Decodable {
        struct Entry: Decodable {
            var depotId: String
            var lat: Double
            var lon: Double
            /// Decoded as a number and checked as a whole one: a fractional count then names its field.
            var pads: Double
            var chargePowerW: Double
            var swapSeconds: Double
            var mode: DepotMode
        }
        var depots: [Entry]
    }

    /// Reads and checks the file at `path`.
    public static func load(path: String) throws(LoadError) -> [Depot] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try parse(data, path: path)
    }

    /// Decodes and checks depots JSON; `path` only names the source in errors.
    public static func parse(_ data: Data, path: String) throws(LoadError) -> [Depot] {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let error as DecodingError {
            let (field, reason) = describe(error)
            throw .malformed(path: path, field: field, reason: reason)
        } catch {
            throw .malformed(path: path, field: "(document)", reason: "\(error)")
        }
        var seen: Set<String> = []
        var depots: [Depot] = []
        for (i, e) in file.depots.enumerated() {
            func invalid(_ name: String, _ reason: String) -> LoadError {
                .invalid(path: path, field: "depots[\(i)].\(name)", reason: reason)
            }
            let id = e.depotId.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { throw invalid("depotId", "must not be empty") }
            guard seen.insert(id).inserted else { throw invalid("depotId", "'\(id)' is used twice") }
            guard (-90...90).contains(e.lat) else { throw invalid("lat", "\(e.lat) is outside -90...90") }
            guard (-180...180).contains(e.lon) else { throw invalid("lon", "\(e.lon) is outside -180...180") }
            guard e.pads.isFinite, e.pads == e.pads.rounded(), e.pads >= 1, e.pads <= 10_000 else {
                throw invalid("pads", "must be a whole number from 1 to 10000, got \(e.pads)")
            }
            guard e.chargePowerW > 0, e.chargePowerW.isFinite else {
                throw invalid("chargePowerW", "must be a positive number of watts, got \(e.chargePowerW)")
            }
            guard e.swapSeconds > 0, e.swapSeconds.isFinite else {
                throw invalid("swapSeconds", "must be a positive number of seconds, got \(e.swapSeconds)")
            }
            depots.append(
                Depot(
                    depotID: id, latitude: e.lat, longitude: e.lon, pads: Int(e.pads), chargePowerW: e.chargePowerW,
                    swapSeconds: e.swapSeconds, mode: e.mode))
        }
        return depots
    }

    /// The JSON path and the reason of a decoding error, e.g. `depots[0].mode`, "'fast' is not charge or swap".
    static func describe(_ error: DecodingError) -> (field: String, reason: String) {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "(document)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "is missing")
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "expected \(typeName(type))")
        case .valueNotFound(let type, let context):
            return (path(context.codingPath), "is null, expected \(typeName(type))")
        case .dataCorrupted(let context):
            if context.codingPath.last?.stringValue == "mode" {
                return (path(context.codingPath), "must be one of \(DepotMode.allCases.map(\.rawValue))")
            }
            return (path(context.codingPath), context.debugDescription)
        @unknown default:
            return ("(document)", "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        case is String.Type: "a string"
        default: "\(type)"
        }
    }
}
