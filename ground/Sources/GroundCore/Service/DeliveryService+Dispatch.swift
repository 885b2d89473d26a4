import Logging

extension DeliveryService {
    /// Writes the dispatcher's decisions (``Dispatcher/events``) to the delivery rows, in order, until
    /// the dispatcher ends the stream, and tells it how each write went.
    package func followDispatcher() async {
        for await event in dispatcher.events {
            let succeeded = await record(event)
            await dispatcher.recorded(event, succeeded: succeeded)
        }
    }

    /// Applies one dispatcher event. A delivery that moved on meanwhile (cancelled, picked up) is not
    /// an error of the dispatcher's and is logged at info; a store failure is logged as an error.
    func record(_ event: DispatchEvent) async -> Bool {
        do {
            switch event {
            case let .decided(deliveryID, decision):
                try await apply(decision, to: deliveryID)
            case let .excluded(deliveryID, droneID):
                try await exclude(deliveryID, droneID: droneID)
            case let .droneLost(deliveryID, droneID, reason):
                try await requeue(deliveryID, droneID: droneID, reason: reason)
            case let .grounded(deliveryID, droneID, reason):
                // Called back on the way to the pickup: the package was never on board.
                try await requeue(deliveryID, droneID: droneID, reason: reason, from: [.scheduled, .pickupInProgress])
            }
            return true
        } catch {
            let metadata: Logger.Metadata = [
                "delivery": "\(event.deliveryID)", "event": "\(event)", "error": "\(error)",
            ]
            if case .store = error {
                logger.error("dispatch decision not written", metadata: metadata)
            } else {
                logger.info("dispatch decision not applied", metadata: metadata)
            }
            return false
        }
    }
}
