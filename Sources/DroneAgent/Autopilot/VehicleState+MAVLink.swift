import FleetProtocol
import Foundation
import MAVLink

extension VehicleState {
    /// Folds one received frame into the state. Returns false for frames that are not from the
    /// autopilot component or do not decode; those are counted by the caller. `receivedAtMs` (epoch ms)
    /// times the charge steps the ready projection is made from.
    @discardableResult
    package mutating func apply(_ frame: MAVLinkFrame, receivedAtMs: Int64 = Date().millis) -> Bool {
        do {
            // Another ground station's mission upload to our vehicle: remembered so the executor can tell
            // the mission it flies was replaced.
            if frame.messageID == MissionCount.messageID {
                let m = try frame.decode(as: MissionCount.self)
                if m.missionType == .mission, m.targetSystem == systemID {
                    foreignMissionUpload = ForeignMissionUpload(
                        serial: (foreignMissionUpload?.serial ?? 0) + 1, systemID: frame.systemID,
                        componentID: frame.componentID, count: Int(m.count))
                }
                return true
            }
            // Only the autopilot's own reports describe the vehicle; a gimbal, camera or second autopilot
            // component on the same system does not.
            if frame.messageID != Heartbeat.messageID, frame.systemID != systemID || frame.componentID != componentID {
                return true
            }
            switch frame.messageID {
            case Heartbeat.messageID:
                let m = try frame.decode(as: Heartbeat.self)
                // GCS and companion heartbeats on a shared link are not the autopilot.
                guard m.type != .gcs, m.autopilot != MAVAutopilot.invalid else { return false }
                systemID = frame.systemID
                componentID = frame.componentID
                autopilotType = m.autopilot
                family = AutopilotFamily(autopilot: m.autopilot)
                mode =
                    family?.adapter.flightMode(customMode: m.customMode)
                    ?? FlightMode(.other, name: "custom-\(m.customMode)")
                armed = m.baseMode.rawValue & MAVModeFlag.safetyArmed.rawValue != 0
                systemStatus = m.systemStatus.rawValue
            case GlobalPositionInt.messageID:
                let m = try frame.decode(as: GlobalPositionInt.self)
                position = Telemetry.Position(
                    lat: Double(m.lat) / 1e7, lon: Double(m.lon) / 1e7,
                    altAmslM: Double(m.alt) / 1000, altRelM: Double(m.relativeAlt) / 1000)
                velocity = Telemetry.Velocity(
                    northMps: Double(m.vx) / 100, eastMps: Double(m.vy) / 100, downMps: Double(m.vz) / 100)
                if m.hdg != UInt16.max { headingDeg = min(Double(m.hdg) / 100, 359.99) }
            case SysStatus.messageID:
                let m = try frame.decode(as: SysStatus.self)
                if m.voltageBattery != UInt16.max { batteryVoltageV = Double(m.voltageBattery) / 1000 }
                if m.batteryRemaining >= 0 { batteryPercent = Double(min(m.batteryRemaining, 100)) }
            case BatteryStatus.messageID:
                let m = try frame.decode(as: BatteryStatus.self)
                if m.batteryRemaining >= 0 { batteryPercent = Double(min(m.batteryRemaining, 100)) }
                // 0 means "not provided"; a charging or resting pack has no discharge estimate.
                batteryRemainingS = m.timeRemaining > 0 ? Double(m.timeRemaining) : nil
                charge.observe(
                    percent: m.batteryRemaining >= 0 ? Double(min(m.batteryRemaining, 100)) : nil,
                    chargeState: m.chargeState, mode: m.mode,
                    // -1 is "not measured"; any other value is centiamperes, negative into the pack.
                    currentA: m.currentBattery == -1 ? nil : Double(m.currentBattery) / 100,
                    onGround: onGround, armed: armed, atMs: receivedAtMs)
                // hJ; -1 when the autopilot does not count it (PX4 usually does not, ArduPilot does).
                if m.energyConsumed >= 0 { energyConsumedWh = Double(m.energyConsumed) / 36 }
            case FenceStatus.messageID:
                let m = try frame.decode(as: FenceStatus.self)
                fenceBreached = m.breachStatus != 0
                fenceBreachCount = Int(m.breachCount)
            case WindCov.messageID:
                let m = try frame.decode(as: WindCov.self)
                if m.windX.isFinite, m.windY.isFinite, abs(m.windX) <= 100, abs(m.windY) <= 100 {
                    // var_horiz is the variance of the horizontal speed; its root is the gust estimate.
                    let gust = m.varHoriz.isFinite && m.varHoriz >= 0 ? min(Double(m.varHoriz).squareRoot(), 100) : nil
                    wind = Telemetry.Wind(northMps: Double(m.windX), eastMps: Double(m.windY), gustMps: gust)
                }
            case Wind.messageID:
                // ArduPilot's WIND: where the wind comes FROM, and the length of the 3D wind vector. Turned
                // into the WIND_COV convention (where the air moves to) so both families give one vector.
                let m = try frame.decode(as: Wind.self)
                if let vector = Self.windVector(fromDirectionDeg: m.direction, speed: m.speed, speedZ: m.speedZ) {
                    wind = vector
                }
            case GPSRawInt.messageID:
                let m = try frame.decode(as: GPSRawInt.self)
                gps = Telemetry.GPSStatus(
                    fixType: Int(min(m.fixType.rawValue, 8)),
                    satellites: Int(m.satellitesVisible == UInt8.max ? 0 : m.satellitesVisible))
            case HomePosition.messageID:
                let m = try frame.decode(as: HomePosition.self)
                home = GeoPoint(lat: Double(m.latitude) / 1e7, lon: Double(m.longitude) / 1e7)
            case ExtendedSysState.messageID:
                let m = try frame.decode(as: ExtendedSysState.self)
                landedState =
                    switch m.landedState {
                    case .onGround: .onGround
                    case .inAir: .inAir
                    case .takeoff: .takingOff
                    case .landing: .landing
                    default: .unknown
                    }
            case MissionCurrent.messageID:
                let m = try frame.decode(as: MissionCurrent.self)
                mission.current = Int(m.seq)
                mission.total = Int(m.total)
                mission.state = m.missionState
                mission.reported = true
            case MissionItemReached.messageID:
                let m = try frame.decode(as: MissionItemReached.self)
                mission.highestReached = max(mission.highestReached ?? -1, Int(m.seq))
            case ParamValue.messageID:
                let m = try frame.decode(as: ParamValue.self)
                parameters[m.paramID] = m.paramValue
            case Statustext.messageID:
                lastStatusText = try frame.decode(as: Statustext.self).text
            default:
                return true
            }
            return true
        } catch {
            return false
        }
    }
}
