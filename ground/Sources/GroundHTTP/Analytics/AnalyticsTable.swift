import Foundation
import GroundAPIModel

/// A rectangular report the analytics route renders as JSON (array of objects) or CSV.
package struct AnalyticsTable: Sendable, Hashable {
    package var columns: [String]
    /// Cells as JSON scalars: String, Double, Int or nil.
    package var rows: [[AnalyticsValue]]

    package init(columns: [String], rows: [[AnalyticsValue]]) {
        self.columns = columns
        self.rows = rows
    }
}

extension AnalyticsValue {
    /// RFC 4180 cell: quoted when it contains a comma, quote or newline.
    var csv: String {
        switch self {
        case let .text(t):
            t.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t
        case let .number(n): n.isFinite ? (n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)) : ""
        case .null: ""
        }
    }
}

extension AnalyticsTable {
    /// CSV with a header line.
    package var csv: String {
        ([columns.joined(separator: ",")] + rows.map { $0.map(\.csv).joined(separator: ",") })
            .joined(separator: "\r\n") + "\r\n"
    }

    /// JSON objects keyed by column name.
    func jsonObjects() -> [[String: AnalyticsValue]] {
        rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
    }
}
