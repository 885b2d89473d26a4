/// `POST /v1/businesses` body.
package struct RegisterBusinessRequest: Codable, Sendable, Hashable {
    package var name: String

    package init(name: String) {
        self.name = name
    }
}
