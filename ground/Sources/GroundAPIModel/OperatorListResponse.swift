/// `GET /v1/operators`.
package struct OperatorListResponse: Codable, Sendable, Hashable {
    package var operators: [OperatorResponse]

    package init(operators: [OperatorResponse]) { self.operators = operators }
}
