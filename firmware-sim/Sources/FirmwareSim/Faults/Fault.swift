/// A fault that can be injected into a simulated vehicle, at start (`--fault`) or at run time.
public enum Fault: Sendable, Hashable {
    /// GPS loses (true) or regains (false) its fix.
    case gpsLoss(Bool)
    /// The battery loses this fraction (0...1) of its capacity at once.
    case batterySag(Double)
    /// The battery fails: reports empty, the vehicle lands where it is.
    case batteryFailure
    /// Nothing is sent or received for this many simulated seconds.
    case linkLoss(seconds: Double)
    /// A motor fails: the vehicle descends and lands and cannot arm again.
    case motorFailure
    /// Each message in either direction is lost with this probability (0...1).
    case messageLoss(Double)
    /// Removes GPS, link, motor and message-loss faults (battery damage stays).
    case clear

    /// Parses the words after the drone in `fault <drone> ...`, e.g. `["link-loss", "10"]`.
    public init(words: [Substring]) throws(ControlError) {
        guard let name = words.first else { throw .missingArgument("fault kind") }
        let argument = words.dropFirst().first
        func number(_ what: String) throws(ControlError) -> Double {
            guard let argument else { throw .missingArgument(what) }
            guard let value = Double(argument), value.isFinite, value >= 0 else {
                throw .invalidNumber(String(argument), field: what)
            }
            return value
        }
        switch name {
        case "gps-loss":
            switch argument {
            case nil, "on": self = .gpsLoss(true)
            case "off": self = .gpsLoss(false)
            case let other?: throw .invalidValue(String(other), field: "gps-loss on|off")
            }
        case "battery-sag":
            let percent = try number("battery-sag percent")
            guard percent <= 100 else { throw .invalidNumber(String(percent), field: "battery-sag percent") }
            self = .batterySag(percent / 100)
        case "battery-fail": self = .batteryFailure
        case "link-loss": self = .linkLoss(seconds: try number("link-loss seconds"))
        case "motor-fail": self = .motorFailure
        case "msg-loss":
            let rate = try number("msg-loss rate")
            guard rate <= 1 else { throw .invalidNumber(String(rate), field: "msg-loss rate (0...1)") }
            self = .messageLoss(rate)
        case "clear": self = .clear
        default: throw .unknownFault(String(name))
        }
    }
}
