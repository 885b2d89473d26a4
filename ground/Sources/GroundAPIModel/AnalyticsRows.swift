/// `GET /v1/analytics/deliveries` answer (JSON): one object per delivery, keyed by column.
package struct AnalyticsRows: Codable, Sendable, Hashable {
    package var rows: [[String: AnalyticsValue]]

    package init(rows: [[String: AnalyticsValue]]) {
        self.rows = rows
    }
}
