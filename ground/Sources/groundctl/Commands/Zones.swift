import ArgumentParser
import GroundAPIModel
import GroundCore

/// `groundctl zones add|list|remove`: no-fly zones (operator key). Routes avoid a zone from the
/// dispatcher's next round; drones flying across it are re-routed.
struct Zones: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, list and remove no-fly zones (operator).",
        subcommands: [ZonesAdd.self, ZonesList.self, ZonesRemove.self]
    )

    /// The table both `add` and `list` print.
    static func table(_ zones: [NoFlyZoneResponse]) -> String {
        var table = Table(["ZONE", "NAME", "ORIGIN", "ACTIVE", "VERTICES", "FLOOR M", "CEILING M", "STARTS", "ENDS"])
        for zone in zones {
            table.add([
                zone.id, Output.cell(zone.name), zone.origin.rawValue, Output.cell(zone.active),
                "\(zone.vertices.count)",
                Output.cell(zone.floorM), Output.cell(zone.ceilingM), Output.cell(zone.startsAt),
                Output.cell(zone.endsAt),
            ])
        }
        return table.render()
    }
}
