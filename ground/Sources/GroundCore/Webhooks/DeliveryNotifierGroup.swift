import Foundation

/// Several ``DeliveryNotifier``s behind one (the webhook outbox and the delivery alerts), told in order.
package struct DeliveryNotifierGroup: DeliveryNotifier {
    let members: [any DeliveryNotifier]

    package init(_ members: [any DeliveryNotifier]) { self.members = members }

    package func deliveryChanged(before: Delivery, after: Delivery) async {
        for member in members { await member.deliveryChanged(before: before, after: after) }
    }

    package func deliveryArriving(deliveryID: String, etaDropoff: Date, at time: Date) async {
        for member in members {
            await member.deliveryArriving(deliveryID: deliveryID, etaDropoff: etaDropoff, at: time)
        }
    }
}
