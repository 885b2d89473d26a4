/// One page of a delivery listing and where the next one starts (nil when this is the last).
public struct DeliveryPage: Sendable, Hashable {
    public var items: [Delivery]
    public var next: DeliveryCursor?

    public init(items: [Delivery], next: DeliveryCursor?) {
        self.items = items
        self.next = next
    }
}
