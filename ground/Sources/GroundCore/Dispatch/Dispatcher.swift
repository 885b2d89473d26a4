/// The bridge from the delivery service to the scheduler and the drones (MQTT). The lead wires the
/// real one; ``QueueingDispatcher`` stands in until then.
package protocol Dispatcher: Sendable {
    /// Tries to place a new (or re-queued) delivery on a drone now.
    func dispatch(_ delivery: Delivery) async -> DispatchDecision
    /// A new booking's first answer from the current plan, given before its row is written so the row
    /// is written once with it (the next round may move it); nil: ``book(_:)`` answers it once the row is in.
    func quote(_ delivery: Delivery) async -> DispatchDecision?
    /// Places a new booking the dispatcher did not ``quote(_:)``, as ``dispatch(_:)`` does.
    func book(_ delivery: Delivery) async -> DispatchDecision
    /// Tells the assigned drone, if any, to drop the delivery (MQTT `cancel`).
    func cancel(_ delivery: Delivery) async
    /// Sends an operator command (recall, land-now) to a drone.
    func command(_ command: FleetCommand, droneID: String) async throws(DispatchError)
    /// Decisions made outside ``dispatch(_:)``, for the delivery service to write; ends when the
    /// dispatcher stops.
    var events: AsyncStream<DispatchEvent> { get }
    /// The delivery service wrote (or could not write) an event's change to the delivery row.
    func recorded(_ event: DispatchEvent, succeeded: Bool) async
}

extension Dispatcher {
    /// A dispatcher without a plan to quote from answers a booking as any dispatch.
    package func quote(_ delivery: Delivery) async -> DispatchDecision? { nil }
    package func book(_ delivery: Delivery) async -> DispatchDecision { await dispatch(delivery) }
    /// A dispatcher that decides only inside ``dispatch(_:)`` publishes no events.
    package var events: AsyncStream<DispatchEvent> { AsyncStream { $0.finish() } }
    package func recorded(_ event: DispatchEvent, succeeded: Bool) async {}
}
