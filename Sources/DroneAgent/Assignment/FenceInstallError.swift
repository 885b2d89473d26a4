/// The autopilot did not take the assignment's fence (refused it, read it back different, or would not
/// enforce it): the flight is refused with this as its reason.
struct FenceInstallError: Error, CustomStringConvertible {
    let underlying: AutopilotError

    var description: String { "fence: \(underlying)" }
}
