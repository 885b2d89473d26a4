import Foundation
import MAVLink

extension Vehicle {
    /// PX4 streams its estimator's wind as WIND_COV (1 Hz here) while flying: wind_x/wind_y are where the
    /// air moves to, north and east. The sim reports the mean wind with the gust's square as the
    /// horizontal variance (an estimator would see the swings as uncertainty). ArduPilot sends its own
    /// WIND message instead, as the `.wind` telemetry stream (`arduPilotWind`).
    mutating func sendWindEstimate(environment: SimulationEnvironment, mean: SimulationEnvironment) {
        guard personality.family == .px4, !landed, time >= windDue else { return }
        windDue = time + 1
        outbox.send(
            WindCov(
                timeUsec: UInt64(time * 1e6), windX: Float(mean.wind.north), windY: Float(mean.wind.east), windZ: 0,
                varHoriz: Float(mean.gust * mean.gust), varVert: 0, windAlt: Float(position.altitude),
                horizAccuracy: 0, vertAccuracy: 0))
    }

    /// ArduCopter's WIND (GCS_MAVLINK_Copter::send_wind) from the wind the vehicle flies in: nil on PX4,
    /// and nil on the ground, where Copter has no airspeed estimate (its EKF3 wind states are inhibited
    /// until it flies) and sends nothing. As Copter does: `direction` is where the wind comes FROM,
    /// `degrees(atan2(-east, -north))` in (-180, 180]; `speed` is the length of the whole 3D wind vector;
    /// `speed_z` its down (NED) component. An EKF follows the gusts with some lag; the sim reports the
    /// wind of the moment, gust included (WIND has no field for gusts).
    var arduPilotWind: Wind? {
        guard personality.family == .ardupilot, !landed else { return nil }
        let wind = airMass
        let speed = (wind.north * wind.north + wind.east * wind.east + wind.down * wind.down).squareRoot()
        return Wind(
            direction: Float(atan2(-wind.east, -wind.north) * 180 / .pi), speed: Float(speed),
            speedZ: Float(wind.down))
    }

    /// The stream sending `messageID` on this personality: PX4 knows no WIND (SET_MESSAGE_INTERVAL and
    /// REQUEST_MESSAGE for it are denied, like any message the sim does not produce).
    func stream(messageID: UInt32) -> TelemetryStream? {
        guard let stream = TelemetryStream(messageID: messageID) else { return nil }
        if stream == .wind && personality.family != .ardupilot { return nil }
        return stream
    }
}
