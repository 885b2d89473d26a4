/// One page of a delivery listing and where the next one starts (nil when this is the last).
package struct DeliveryPage: Sendable, Hashable {
    package var items: [Delivery]
    package var next: DeliveryCursor?

    package init(items: [Delivery], next: DeliveryCursor?) {
        self.items = items
        self.next = next
    }
}
