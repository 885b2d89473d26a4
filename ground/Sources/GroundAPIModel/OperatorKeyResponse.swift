/// The answer to creating an operator or rotating its key: the only time the key is shown.
package struct OperatorKeyResponse: Codable, Sendable, Hashable {
    package var `operator`: OperatorResponse
    package var apiKey: String

    package init(operator account: OperatorResponse, apiKey: String) {
        self.operator = account
        self.apiKey = apiKey
    }
}
