import FleetProtocol
import MAVLink

/// Turns ground's ``Airspace`` into MAVLink fence items (mission_type FENCE): the service area as an
/// inclusion polygon, every no-fly zone as an exclusion polygon or circle. Vertex items carry their
/// polygon's vertex count in param1, circles their radius; both firmwares take them in a global frame.
public enum FenceEncoder {
    public static func items(_ airspace: Airspace) -> [MissionItemInt] {
        var items: [MissionItemInt] = []
        if let inclusion = airspace.inclusion {
            items += polygon(inclusion.vertices, command: .navFencePolygonVertexInclusion)
        }
        for zone in airspace.exclusions {
            if let vertices = zone.vertices {
                items += polygon(vertices, command: .navFencePolygonVertexExclusion)
            } else if let center = zone.center, let radius = zone.radiusM {
                items.append(item(.navFenceCircleExclusion, center, param1: Float(radius)))
            }
        }
        return items.enumerated().map { index, item in
            var item = item
            item.seq = UInt16(index)
            return item
        }
    }

    private static func polygon(_ vertices: [GeoPoint], command: MAVCmd) -> [MissionItemInt] {
        vertices.map { item(command, $0, param1: Float(vertices.count)) }
    }

    private static func item(_ command: MAVCmd, _ point: GeoPoint, param1: Float) -> MissionItemInt {
        MissionItemInt(
            frame: .globalInt, command: command, autocontinue: 1, param1: param1,
            x: Int32((point.lat * 1e7).rounded()), y: Int32((point.lon * 1e7).rounded()), z: 0, missionType: .fence)
    }

    /// What differs between the uploaded and the read-back fence, nil when they match. Firmwares return
    /// their own frame and altitude for fence items (ArduPilot frame 0 and altitude 0), so only what
    /// defines the areas is compared: command, vertex count or radius, and the position.
    public static func difference(uploaded: [MissionItemInt], readBack: [MissionItemInt]) -> String? {
        guard uploaded.count == readBack.count else {
            return "\(readBack.count) items read back, \(uploaded.count) uploaded"
        }
        for (index, (a, b)) in zip(uploaded, readBack).enumerated() {
            if a.command != b.command {
                return "item \(index): command \(b.command.rawValue), uploaded \(a.command.rawValue)"
            }
            if abs(a.param1 - b.param1) > 0.01 {
                return "item \(index): param1 \(b.param1), uploaded \(a.param1)"
            }
            if a.x != b.x || a.y != b.y {
                return "item \(index): position \(b.x),\(b.y), uploaded \(a.x),\(a.y)"
            }
        }
        return nil
    }
}
