import ArgumentParser
import GroundAPIModel

/// `groundctl drones register|list|retire`: the drone registry (operator key). Only registered
/// drones are listed in the fleet, offered bookings and believed.
struct Drones: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register, list and retire drones (operator).",
        subcommands: [DronesRegister.self, DronesList.self, DronesRetire.self]
    )
}
