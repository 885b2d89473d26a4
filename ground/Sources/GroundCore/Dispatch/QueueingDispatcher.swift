/// A dispatcher for a ground station with no fleet link: every delivery stays queued with a reason
/// and fleet commands fail as unavailable.
package struct QueueingDispatcher: Dispatcher {
    package let reason: String

    package init(reason: String = "no fleet link configured") {
        self.reason = reason
    }

    package func dispatch(_ delivery: Delivery) async -> DispatchDecision { .queued(reason: reason) }
    package func cancel(_ delivery: Delivery) async {}
    package func command(_ command: FleetCommand, droneID: String) async throws(DispatchError) {
        throw .unavailable(reason)
    }
}
