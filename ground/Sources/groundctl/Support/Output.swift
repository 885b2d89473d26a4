import Foundation
import GroundAPIModel

/// Helpers turning JSON values into table cells and printing results.
enum Output {
    static func raw(_ data: Data) {
        print(String(decoding: data, as: UTF8.self))
    }

    /// What a removal (204, no body) prints: a line, or `{"id":…,"removed":true}` with `--json`.
    static func removed(_ id: String, json: Bool) throws {
        guard json else { return print("removed \(id)") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        struct Removal: Encodable {
            let id: String
            let removed: Bool
        }
        print(String(decoding: try encoder.encode(Removal(id: id, removed: true)), as: UTF8.self))
    }

    static func cell(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "-"
        case let s as String: return s
        case let n as NSNumber:
            // JSON booleans arrive as NSNumber with the char type code.
            if String(cString: n.objCType) == "c" { return n.boolValue ? "yes" : "no" }
            let d = n.doubleValue
            return d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(format: "%.2f", d)
        case let dict as [String: Any]:
            if let lat = dict["lat"], let lon = dict["lon"] { return "\(cell(lat)),\(cell(lon))" }
            return dict.keys.sorted().map { "\($0)=\(cell(dict[$0]))" }.joined(separator: " ")
        default: return "\(value!)"
        }
    }

    /// A decoded API value as the cell its JSON shows: dates as the API writes them, numbers and
    /// positions as ``cell(_:)-(Any?)`` renders their JSON.
    static func cell(_ value: Date?) -> String {
        // The API's JSONEncoder writes `.iso8601`: whole seconds, UTC, `Z`.
        value?.formatted(.iso8601) ?? "-"
    }

    static func cell(_ value: Double?) -> String {
        cell(value.map { NSNumber(value: $0) })
    }

    static func cell(_ value: Int?) -> String {
        value.map(String.init) ?? "-"
    }

    static func cell(_ value: Bool?) -> String {
        value.map { $0 ? "yes" : "no" } ?? "-"
    }

    static func cell<Value: RawRepresentable>(_ value: Value?) -> String where Value.RawValue == String {
        value?.rawValue ?? "-"
    }

    static func cell(_ value: AnalyticsValue) -> String {
        switch value {
        case let .text(text): text
        case let .number(number): cell(number)
        case .null: "-"
        }
    }

    /// key: value lines for a decoded API value, rendered from the JSON the API's coders make of it.
    static func detail(_ value: some Encodable) throws -> String {
        guard let object = try json(value) as? [String: Any] else {
            throw CLIError.badResponse("not an object: \(value)")
        }
        return detail(object)
    }

    /// A value as JSONSerialization reads the API's JSON of it (same coders as the server).
    static func json(_ value: some Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: GroundJSON.encoder().encode(value), options: [.fragmentsAllowed])
    }

    /// key: value lines for one object, keys sorted.
    static func detail(_ object: [String: Any]) -> String {
        let keys = object.keys.sorted()
        var table = Table(["FIELD", "VALUE"])
        for key in keys { table.add([key, cell(object[key])]) }
        return table.render()
    }
}
