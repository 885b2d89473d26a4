import ArgumentParser
import GroundAPIModel
import GroundCore

/// `groundctl alerts list|ack|resolve`: operator alerts (any operator lists; dispatchers act).
struct Alerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, acknowledge and resolve operator alerts.",
        subcommands: [AlertsList.self, AlertsAcknowledge.self, AlertsResolve.self]
    )

    static func table(_ alerts: [Alert]) -> String {
        var table = Table(["ALERT", "KIND", "SUBJECT", "STATE", "OPENED", "BY", "MESSAGE"])
        for alert in alerts {
            table.add([
                alert.id, alert.kind.rawValue, alert.subject, alert.state.rawValue, Output.cell(alert.openedAt),
                alert.resolvedBy ?? alert.acknowledgedBy ?? "-", alert.message,
            ])
        }
        return table.render()
    }
}
