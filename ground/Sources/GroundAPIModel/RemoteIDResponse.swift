import FleetProtocol
import Foundation
import GroundCore

/// `GET /v1/remote-id`: the network Remote ID view of every airborne drone, with field names after
/// ASTM F3411 (NetRID `RIDAircraftState` and `RIDFlightDetails`) in the API's camelCase.
package struct RemoteIDResponse: Codable, Sendable, Hashable {
    /// One aircraft in the air.
    package struct Aircraft: Codable, Sendable, Hashable {
        package struct Position: Codable, Sendable, Hashable {
            package var lat: Double
            package var lng: Double
            /// Geodetic (WGS84) altitude, metres.
            package var alt: Double
        }

        package struct Height: Codable, Sendable, Hashable {
            package var distance: Double
            /// F3411 `TakeoffLocation`: the drone's height is above its home.
            package var reference: String
        }

        package struct OperatorLocation: Codable, Sendable, Hashable {
            package var lat: Double
            package var lng: Double
        }

        /// UAS id (the drone id: serial-number style id from the fleet's registry).
        package var uasID: String
        package var uaType: String
        /// F3411 `Airborne` or `Emergency`.
        package var operationalStatus: String
        package var position: Position
        package var height: Height?
        /// Direction of travel, degrees clockwise from true north.
        package var track: Double?
        /// Ground speed, m/s.
        package var speed: Double?
        /// Up positive, m/s.
        package var verticalSpeed: Double?
        /// Time of the telemetry sample the state comes from.
        package var timestamp: Date
        package var operatorID: String?
        package var operatorLocation: OperatorLocation?

        enum CodingKeys: String, CodingKey {
            case uasID = "uasId"
            case operatorID = "operatorId"
            case uaType, operationalStatus, position, height, track, speed, verticalSpeed, timestamp, operatorLocation
        }
    }

    package var timestamp: Date
    package var aircraft: [Aircraft]

    package init(timestamp: Date, aircraft: [Aircraft]) {
        self.timestamp = timestamp
        self.aircraft = aircraft
    }
}

extension RemoteIDResponse.Aircraft {
    /// Below this battery, or without a 3-D GPS fix, the aircraft is reported in `Emergency` (the agent's
    /// critical-battery threshold: it is landing or returning whatever its mission).
    package static let emergencyBatteryPercent = 15.0

    /// The aircraft state of a drone in the air; nil when it is not airborne or has no position.
    package init?(_ state: DroneLiveState, operator info: RemoteIDOperator?) {
        guard state.online, state.airborne == true, let position = state.position, let seen = state.lastSeen else {
            return nil
        }
        let emergency = state.healthy == false || (state.batteryPercent ?? 100) < Self.emergencyBatteryPercent
        self.init(
            uasID: state.droneID, uaType: "HelicopterOrMultirotor",
            operationalStatus: emergency ? "Emergency" : "Airborne",
            position: Position(lat: position.lat, lng: position.lon, alt: position.alt),
            height: state.altitudeRelM.map { Height(distance: $0, reference: "TakeoffLocation") },
            track: state.headingDeg, speed: state.groundSpeed, verticalSpeed: state.verticalSpeedMps, timestamp: seen,
            operatorID: info?.operatorID,
            operatorLocation: info?.location.map { OperatorLocation(lat: $0.lat, lng: $0.lon) })
    }
}
