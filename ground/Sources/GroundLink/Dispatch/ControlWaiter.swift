import GroundCore

/// An operator command's wait for the drone's reply. It starts before the command is published: the reply
/// can arrive (and be handled on the dispatcher) while the publish still awaits the broker's PUBACK, and a
/// reply with nobody registered for it would be lost and leave the operator waiting for good.
enum ControlWaiter {
    /// Published or being published; nobody suspended yet.
    case publishing
    /// The answer came before the operator's request suspended.
    case answered(Result<Void, DispatchError>)
    case waiting(CheckedContinuation<Result<Void, DispatchError>, Never>)
}
