extension UnassignedReason {
    /// The queue reason for a pair the router refused.
    init(_ refusal: RouteRefusal) {
        switch refusal {
        case .pickupInZone: self = .pickupInNoFlyZone
        case .dropoffInZone: self = .dropoffInNoFlyZone
        case .droneInZone, .noPath: self = .noSafePath
        case .outsideServiceArea: self = .outsideServiceArea
        }
    }
}
