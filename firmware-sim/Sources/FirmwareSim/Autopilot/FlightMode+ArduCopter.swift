import MAVLink

extension FlightMode {
    /// How the sim flies an ArduCopter mode; nil for modes it does not fly (ACRO, FLIP, THROW ...).
    ///
    /// There are no sticks, so the manual and position-holding modes all hold where they are.
    public init?(copter: ArduCopterMode) {
        switch copter {
        case .stabilize, .altHold, .loiter, .posHold, .guided, .brake: self = .hold
        case .auto: self = .mission
        case .rtl: self = .returnToLaunch
        case .land: self = .land
        default: return nil
        }
    }
}

extension ArduCopterMode {
    /// The copter mode reported after the sim's own mode changed to `mode` (takeoff finished, a
    /// failsafe, a command): a copter mode that flies as `hold` stays as it was, like ArduCopter
    /// staying in GUIDED after a takeoff.
    static func reported(for mode: FlightMode, before: ArduCopterMode) -> ArduCopterMode {
        switch mode {
        case .hold, .position, .takeoff: FlightMode(copter: before) == .hold ? before : .loiter
        case .mission: .auto
        case .returnToLaunch: .rtl
        case .land: .land
        }
    }
}
