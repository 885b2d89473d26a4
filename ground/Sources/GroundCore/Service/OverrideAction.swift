/// What an operator can force on a delivery (`POST /v1/deliveries/{id}/override`).
package enum OverrideAction: String, Codable, Sendable, Hashable, CaseIterable {
    /// Cancel before pickup (tells the drone).
    case cancel
    /// Mark failed at any non-terminal status (tells the drone to drop the assignment).
    case fail
    /// Take the delivery off its drone before pickup and dispatch it again.
    case reassign
    /// Manual dispatch: take the delivery off its drone (before pickup) and offer it to the drone the
    /// operator names (`droneId`) only, still subject to that drone's payload, energy and service-area
    /// checks and its own acceptance.
    case assign
}
