/// A flight mode as the agent reasons about it, decoded from a family's HEARTBEAT `custom_mode` by its
/// adapter. `name` is the telemetry wire name; `kind` is what the agent acts on (failsafe recognition).
public struct FlightMode: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case manual, stabilized, altitude, position, takeoff, hold, mission, guided, returnToLaunch, land, other
    }

    public var kind: Kind
    /// Telemetry name (`mission`, `rtl`, `land`, `hold`, ...; `px4-M.S` / `copter-N` when unnamed).
    public var name: String

    public init(_ kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// Before the first autopilot heartbeat.
    public static let unknown = FlightMode(.other, name: "unknown")

    /// Modes an autopilot enters on its own as a failsafe (return or land), in either family.
    public var isFailsafeMode: Bool { kind == .returnToLaunch || kind == .land }
}
