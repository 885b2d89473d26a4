import FleetProtocol
import Foundation
import Logging
import MAVLink

/// Feeds the autopilot's Remote ID transponder: OPEN_DRONE_ID_BASIC_ID, _LOCATION, _SYSTEM and
/// _OPERATOR_ID once a second (ASTM F3411 wants location at ≥ 1 Hz, the static messages at least every
/// 3 s), built from the configured ids and the vehicle picture.
public struct RemoteIDBroadcaster: Sendable {
    let settings: RemoteIDSettings
    let autopilot: AutopilotLink
    let logger: Logger

    public init(settings: RemoteIDSettings, autopilot: AutopilotLink, logger: Logger) {
        self.settings = settings
        self.autopilot = autopilot
        self.logger = logger
    }

    /// ASTM F3411 SYSTEM timestamps count seconds from 2019-01-01T00:00:00Z.
    static let epoch2019: TimeInterval = 1_546_300_800

    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            let vehicle = await autopilot.snapshot()
            if vehicle.autopilotAlive {
                do {
                    for message in Self.messages(settings, vehicle: vehicle, now: Date()) {
                        try await autopilot.send(message)
                    }
                    failures = 0
                } catch {
                    failures += 1
                    // One line per outage, not one per second.
                    if failures == 1 {
                        logger.warning("Remote ID messages not sent", metadata: ["error": "\(error)"])
                    }
                }
            }
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
        }
    }

    /// The four messages for one broadcast period, addressed to the vehicle's system (component 0: the
    /// autopilot or a transponder behind it).
    static func messages(_ settings: RemoteIDSettings, vehicle: VehicleState, now: Date) -> [any MAVLinkMessage] {
        let system = vehicle.systemID
        let basic = OpenDroneIDBasicID(
            targetSystem: system, idType: settings.idType, uaType: settings.uaType, uasID: field(settings.uasID))
        let operatorID = OpenDroneIDOperatorID(targetSystem: system, operatorIDType: 0, operatorID: settings.operatorID)
        let home = vehicle.home
        let systemMessage = OpenDroneIDSystem(
            targetSystem: system, operatorLocationType: 0, classificationType: 0,
            operatorLatitude: home.map { Int32(($0.lat * 1e7).rounded()) } ?? 0,
            operatorLongitude: home.map { Int32(($0.lon * 1e7).rounded()) } ?? 0, areaCount: 1, areaRadius: 0,
            areaCeiling: -1000, areaFloor: -1000, categoryEu: 0, classEu: 0, operatorAltitudeGeo: -1000,
            timestamp: UInt32(max(0, now.timeIntervalSince1970 - epoch2019)))
        return [basic, location(vehicle, now: now), systemMessage, operatorID]
    }

    /// OPEN_DRONE_ID_LOCATION with the MAVLink "unknown" values where the vehicle gives none.
    static func location(_ vehicle: VehicleState, now: Date) -> OpenDroneIDLocation {
        let status: UInt8 = vehicle.failsafeActive ? 3 : vehicle.airborne ? 2 : 1
        let v = vehicle.velocity
        let horizontal = (v.northMps * v.northMps + v.eastMps * v.eastMps).squareRoot()
        // Seconds after the full UTC hour, as OPEN_DRONE_ID_LOCATION.timestamp is defined.
        let secondsIntoHour = now.timeIntervalSince1970.truncatingRemainder(dividingBy: 3600)
        guard let position = vehicle.position else {
            return OpenDroneIDLocation(
                targetSystem: vehicle.systemID, status: status, direction: 36100, speedHorizontal: 25500,
                speedVertical: 6300, altitudeBarometric: -1000, altitudeGeodetic: -1000, height: -1000,
                timestamp: Float(secondsIntoHour))
        }
        return OpenDroneIDLocation(
            targetSystem: vehicle.systemID, status: status,
            direction: UInt16(min(max(vehicle.headingDeg, 0), 359.99) * 100),
            speedHorizontal: UInt16(min(horizontal * 100, 25425)),
            speedVertical: Int16(max(min(-v.downMps * 100, 6200), -6200)),
            latitude: Int32((position.lat * 1e7).rounded()), longitude: Int32((position.lon * 1e7).rounded()),
            altitudeBarometric: -1000, altitudeGeodetic: Float(position.altAmslM), heightReference: 0,
            height: Float(position.altRelM), timestamp: Float(secondsIntoHour))
    }

    /// A 20-byte, zero-padded ASCII field (validated to fit by ``RemoteIDSettings``).
    static func field(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8.prefix(20))
        return bytes + Array(repeating: 0, count: 20 - bytes.count)
    }
}
