import GroundCore

/// An operator command waiting for the drone's reply.
struct ControlWaiter {
    var continuation: CheckedContinuation<Result<Void, DispatchError>, Never>
}
