/// An HTTP create waiting (briefly) for its delivery's first dispatch outcome.
struct DispatchWaiter {
    var deadline: ContinuousClock.Instant
    var continuation: CheckedContinuation<DispatchDecision, Never>
}

/// An operator command waiting for the drone's reply.
struct ControlWaiter {
    var continuation: CheckedContinuation<Result<Void, DispatchError>, Never>
}
