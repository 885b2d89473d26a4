import GroundCore

/// `GET /v1/alerts`, newest first.
package struct AlertListResponse: Codable, Sendable, Hashable {
    package var alerts: [Alert]

    package init(alerts: [Alert]) { self.alerts = alerts }
}
