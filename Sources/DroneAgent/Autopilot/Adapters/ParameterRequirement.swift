/// An autopilot parameter a mission depends on: the bits of `mask` must be set in its value.
public struct ParameterRequirement: Sendable, Equatable {
    /// Parameter name as the autopilot spells it (`MIS_OPTIONS`).
    public var name: String
    public var mask: UInt32
    /// Why the mission needs it, for the refusal reason.
    public var purpose: String

    public init(name: String, mask: UInt32, purpose: String) {
        self.name = name
        self.mask = mask
        self.purpose = purpose
    }

    /// Whether `value` (as PARAM_VALUE reports it) satisfies the requirement.
    public func isSatisfied(by value: Float) -> Bool {
        guard value.isFinite, value >= 0, value <= Float(UInt32.max) else { return false }
        return UInt32(value) & mask == mask
    }
}
