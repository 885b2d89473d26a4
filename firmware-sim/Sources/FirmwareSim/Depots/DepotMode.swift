/// What a depot does with a vehicle on one of its pads.
public enum DepotMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// The pad charges the pack in place.
    case charge
    /// The pack is exchanged for a full one when a swap is ordered (`swap-battery` control command).
    case swap
}
