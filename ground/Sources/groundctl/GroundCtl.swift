import ArgumentParser

/// groundctl: operator and business CLI over the ground-control HTTP API.
@main
struct GroundCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groundctl",
        abstract: "Operate a SkyRelay ground station over its HTTP API.",
        discussion: "The URL and key default to $SKYRELAY_URL and $SKYRELAY_KEY.",
        subcommands: [
            Fleet.self, Drone.self, Recall.self, Land.self,
            Deliveries.self, DeliveryDetail.self, Book.self, Cancel.self, Override.self, Reschedule.self, Flight.self,
            RotateKey.self, Maintenance.self,
            Analytics.self, RegisterBusiness.self, Drones.self, Zones.self,
            Webhooks.self, Alerts.self, Operators.self, Audit.self, Depots.self,
        ]
    )
}
