import Foundation
import Logging

/// Opens an `outcomeUnknown` alert when a delivery fails with the package on board and not handed
/// over: nobody knows where the parcel is, an operator has to find out.
package struct DeliveryAlertWatch: DeliveryNotifier {
    let alerts: AlertCenter
    let logger: Logger

    package init(alerts: AlertCenter, logger: Logger = Logger(label: "skyrelay.ground.alerts")) {
        self.alerts = alerts
        self.logger = logger
    }

    package func deliveryChanged(before: Delivery, after: Delivery) async {
        guard after.status == .failed, before.status == .inTransit else { return }
        do {
            try await alerts.raise(
                kind: .outcomeUnknown, subject: after.id,
                message:
                    "delivery \(after.id) failed in transit with the package on board (\(after.reason ?? "no reason given")); drone \(after.assignedDroneID ?? "unknown")"
            )
        } catch {
            logger.error(
                "outcome-unknown alert not opened", metadata: ["delivery": "\(after.id)", "error": "\(error)"])
        }
    }

    package func deliveryArriving(deliveryID: String, etaDropoff: Date, at time: Date) async {}
}
