import GroundCore

/// An HTTP create waiting (briefly) for its delivery's first dispatch outcome.
struct DispatchWaiter {
    var deadline: ContinuousClock.Instant
    var continuation: CheckedContinuation<DispatchDecision, Never>
}
