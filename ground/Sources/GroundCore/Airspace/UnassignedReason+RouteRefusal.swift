extension UnassignedReason {
    /// The queue reason for a pair the router refused.
    package init(_ refusal: RouteRefusal) {
        switch refusal {
        case .pickupInZone: self = .pickupInNoFlyZone
        case .dropoffInZone: self = .dropoffInNoFlyZone
        case .droneInZone, .noPath: self = .noSafePath
        case .outsideServiceArea: self = .outsideServiceArea
        }
    }
}
