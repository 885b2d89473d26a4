import FleetProtocol
import Foundation
import GroundCore

extension Offer {
    /// Builds an offer from an `offers` row of either store, or throws ``StoreError`` naming the bad column.
    init(row: some StoreRow) throws(StoreError) {
        let id = try row.text("assignment_id")
        let raw = try row.text("state")
        guard let state = State(rawValue: raw) else {
            throw StoreError(.corruptRow, operation: "decode offer \(id): state \(raw)")
        }
        self.init(
            assignmentID: id, deliveryID: try row.text("delivery_id"), droneID: try row.text("drone_id"),
            commandID: try row.text("command_id"), offeredAt: Date(timeIntervalSince1970: try row.double("offered_at")),
            etaPickup: Date(timeIntervalSince1970: try row.double("eta_pickup")),
            etaDropoff: Date(timeIntervalSince1970: try row.double("eta_dropoff")), state: state,
            planRevision: try row.integer("plan_revision"), route: try Self.route(try row.optionalText("route")))
    }

    /// The `route` column: the waypoint JSON of ``Assignment/Route`` (NULL: straight).
    static func route(_ text: String?) throws(StoreError) -> Assignment.Route? {
        guard let text else { return nil }
        do { return try JSONDecoder().decode(Assignment.Route.self, from: Data(text.utf8)) } catch {
            throw StoreError.badColumn("route", "route JSON", cause: error)
        }
    }

    static func routeJSON(_ route: Assignment.Route?) throws(StoreError) -> String? {
        guard let route else { return nil }
        do { return String(decoding: try JSONEncoder().encode(route), as: UTF8.self) } catch {
            throw StoreError(.corruptRow, operation: "encode route", cause: error)
        }
    }

    /// The `offers` columns in the order of the insert statements.
    func columnValues() throws(StoreError) -> [StoreValue] {
        [
            .text(assignmentID), .text(deliveryID), .text(droneID), .text(commandID),
            .double(offeredAt.timeIntervalSince1970),
            .double(etaPickup.timeIntervalSince1970), .double(etaDropoff.timeIntervalSince1970), .text(state.rawValue),
            .integer(planRevision), .text(try Self.routeJSON(route)),
        ]
    }
}
