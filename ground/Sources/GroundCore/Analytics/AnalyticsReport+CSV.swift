import Foundation

extension AnalyticsReport {
    /// CSV rendering (RFC 4180: CRLF line ends, fields with `,` `"` CR or LF quoted, quotes doubled).
    ///
    /// One long table `section,key,value` so the three parts (summary, per day, per drone) share
    /// one header and stay loadable by any CSV reader.
    package func csv() -> String {
        var rows: [[String]] = [["section", "key", "value"]]
        func number(_ value: Double?) -> String { value.map { String($0) } ?? "" }
        let summary: [(String, String)] = [
            ("windowStart", number(windowStart)), ("windowEnd", number(windowEnd)),
            ("totalDeliveries", String(totalDeliveries)), ("deliveredCount", String(deliveredCount)),
            ("cancelledCount", String(cancelledCount)), ("failedCount", String(failedCount)),
            ("meanDeliverySeconds", number(meanDeliverySeconds)), ("p95DeliverySeconds", number(p95DeliverySeconds)),
            ("onTimeRate", number(onTimeRate)), ("onTimeToleranceSeconds", number(onTimeToleranceSeconds)),
            ("deadlineMetRate", number(deadlineMetRate)), ("withDeadlineCount", String(withDeadlineCount)),
            ("etaMeanAbsoluteErrorSeconds", number(etaMeanAbsoluteErrorSeconds)),
            ("etaMeanSignedErrorSeconds", number(etaMeanSignedErrorSeconds)),
            ("etaP95AbsoluteErrorSeconds", number(etaP95AbsoluteErrorSeconds)),
            ("meanEnergyPerDeliveryWh", number(meanEnergyPerDeliveryWh)),
        ]
        rows += summary.map { ["summary", $0.0, $0.1] }
        rows += deliveriesPerDay.map { ["deliveriesPerDay", $0.day, String($0.delivered)] }
        rows += droneUtilisation.map { ["droneUtilisation", $0.droneID, String($0.utilisation)] }
        rows += droneUtilisation.map { ["droneFlightSeconds", $0.droneID, String($0.flightSeconds)] }
        return rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
