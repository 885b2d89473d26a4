import GroundCore
import Logging
import ServiceLifecycle

/// Runs ``DeliveryService/followDispatcher()`` over the fleet dispatcher's events as a service of the
/// application. It is listed before the dispatcher: services stop in reverse order, so the dispatcher
/// stops first and the decisions of its last moments are still written before its stream ends.
struct DispatchEventFeed: Service {
    let deliveries: DeliveryService
    let logger: Logger

    func run() async {
        await deliveries.followDispatcher()
        // A service group takes a service that ends before its turn to stop for a failure: the stream
        // ended with the dispatcher, this service ends when its own turn comes.
        do { try await gracefulShutdown() } catch {
            logger.debug("dispatch event feed cancelled", metadata: ["error": "\(error)"])
        }
    }
}
