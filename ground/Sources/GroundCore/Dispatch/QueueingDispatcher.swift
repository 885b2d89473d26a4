/// A dispatcher for a ground station with no fleet link: every delivery stays queued with a reason
/// and fleet commands fail as unavailable.
public struct QueueingDispatcher: Dispatcher {
    public let reason: String

    public init(reason: String = "no fleet link configured") {
        self.reason = reason
    }

    public func dispatch(_ delivery: Delivery) async -> DispatchDecision { .queued(reason: reason) }
    public func cancel(_ delivery: Delivery) async {}
    public func command(_ command: FleetCommand, droneID: String) async throws(DispatchError) {
        throw .unavailable(reason)
    }
}
