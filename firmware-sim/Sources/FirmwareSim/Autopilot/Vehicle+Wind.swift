import MAVLink

extension Vehicle {
    /// PX4 streams its estimator's wind as WIND_COV (1 Hz here) while flying: wind_x/wind_y are where the
    /// air moves to, north and east. The sim reports the mean wind with the gust's square as the
    /// horizontal variance (an estimator would see the swings as uncertainty). ArduPilot reports wind in
    /// its own WIND message (ardupilotmega), which the sim's common dialect has not, so it sends none.
    mutating func sendWindEstimate(environment: SimulationEnvironment, mean: SimulationEnvironment) {
        guard personality.family == .px4, !landed, time >= windDue else { return }
        windDue = time + 1
        outbox.send(
            WindCov(
                timeUsec: UInt64(time * 1e6), windX: Float(mean.wind.north), windY: Float(mean.wind.east), windZ: 0,
                varHoriz: Float(mean.gust * mean.gust), varVert: 0, windAlt: Float(position.altitude),
                horizAccuracy: 0, vertAccuracy: 0))
    }
}
