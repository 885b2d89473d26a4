/// `GET /v1/deliveries` answer.
package struct DeliveryListResponse: Codable, Sendable, Hashable {
    package var items: [DeliveryResponse]
    package var nextCursor: String?

    package init(items: [DeliveryResponse], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
