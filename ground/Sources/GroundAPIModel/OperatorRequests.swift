import GroundCore

/// `POST /v1/operators` body.
package struct CreateOperatorRequest: Codable, Sendable, Hashable {
    package var name: String
    package var role: OperatorRole

    package init(name: String, role: OperatorRole) {
        self.name = name
        self.role = role
    }
}
