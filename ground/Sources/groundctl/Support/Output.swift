import Foundation

/// Helpers turning JSON values into table cells and printing results.
enum Output {
    static func raw(_ data: Data) {
        print(String(decoding: data, as: UTF8.self))
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

    /// key: value lines for one object, keys sorted.
    static func detail(_ object: [String: Any]) -> String {
        let keys = object.keys.sorted()
        var table = Table(["FIELD", "VALUE"])
        for key in keys { table.add([key, cell(object[key])]) }
        return table.render()
    }
}
