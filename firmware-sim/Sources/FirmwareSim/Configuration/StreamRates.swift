/// Telemetry stream rates in Hz of simulated time; 0 disables a stream.
///
/// Rates count simulated seconds, so at `--speed 10` a 10 Hz stream sends 100 messages per wall
/// second: a client sees exactly what a real vehicle would send per second of flight.
public struct StreamRates: Sendable, Hashable, Codable {
    public var heartbeat: Double = 1
    public var globalPosition: Double = 10
    public var attitude: Double = 5
    public var gpsRaw: Double = 2
    public var sysStatus: Double = 1
    public var batteryStatus: Double = 1
    public var extendedSysState: Double = 1
    public var missionCurrent: Double = 1
    public var vfrHud: Double = 2
    public var homePosition: Double = 0.5
    public var systemTime: Double = 1
    /// ArduPilot's WIND (EXTRA3 group, 1 Hz here like SYSTEM_TIME); PX4 vehicles never send it.
    public var wind: Double = 1

    /// Defaults with GLOBAL_POSITION_INT at `positionRate` Hz.
    public init(positionRate: Double = 10) {
        globalPosition = positionRate
    }
}
