/// `GET /v1/weather-holds`.
package struct WeatherHoldListResponse: Codable, Sendable, Hashable {
    package var holds: [WeatherHoldResponse]

    package init(holds: [WeatherHoldResponse]) {
        self.holds = holds
    }
}
