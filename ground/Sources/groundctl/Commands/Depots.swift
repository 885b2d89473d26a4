import ArgumentParser
import GroundAPIModel

/// `groundctl depots swaps DEPOT`: the depots' work lists (operator key, viewers too).
struct Depots: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Depot work lists (operator).", subcommands: [DepotsSwaps.self])

    static func table(_ list: DepotSwapsResponse) -> String {
        var table = Table(["SWAP", "DRONE", "STATE", "NEEDED BY", "DELIVERY", "BATTERY %", "UPDATED"])
        for order in list.swaps {
            table.add([
                order.id, order.droneID, order.state.rawValue, Output.cell(order.neededBy),
                Output.cell(order.deliveryID),
                Output.cell(order.batteryPercent.map { $0.rounded() }), Output.cell(order.updatedAt),
            ])
        }
        return table.render()
    }
}
