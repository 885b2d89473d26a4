import FleetProtocol
import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func insertOffer(_ offer: Offer) async throws(StoreError) {
        let values = try offer.columnValues()
        try await write("insert offer \(offer.assignmentID)") { db in
            try db.execute(
                sql: """
                    INSERT INTO offers (assignment_id, delivery_id, drone_id, command_id, offered_at, eta_pickup, eta_dropoff, state, plan_revision, route)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: StatementArguments(values.map(\.databaseValue)))
        }
    }

    package func offer(assignmentID: String) async throws(StoreError) -> Offer? {
        try await read("fetch offer \(assignmentID)") { db in
            try Self.fetchOne(db, sql: "SELECT * FROM offers WHERE assignment_id = ?", arguments: [assignmentID]) {
                row in try Offer(row: row)
            }
        }
    }

    package func openOffers() async throws(StoreError) -> [Offer] {
        try await read("list open offers") { db in
            try Self.fetchAll(
                db, sql: "SELECT * FROM offers WHERE state = ? ORDER BY offered_at",
                arguments: [Offer.State.outstanding.rawValue]
            ) { row in try Offer(row: row) }
        }
    }

    package func updateOfferRoute(assignmentID: String, route: Assignment.Route?) async throws(StoreError) {
        let json = try Offer.routeJSON(route)
        try await write("update route of offer \(assignmentID)") { db in
            try db.execute(
                sql: "UPDATE offers SET route = ? WHERE assignment_id = ?", arguments: [json, assignmentID])
        }
    }

    package func offerRoutes(assignmentIDs: [String]) async throws(StoreError) -> [String: Assignment.Route] {
        guard !assignmentIDs.isEmpty else { return [:] }
        return try await read("fetch routes of \(assignmentIDs.count) offers") { db in
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT assignment_id, route FROM offers WHERE route IS NOT NULL AND assignment_id IN (\(assignmentIDs.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(assignmentIDs))
            var routes: [String: Assignment.Route] = [:]
            for row in rows { routes[try row.text("assignment_id")] = try Offer.route(try row.optionalText("route")) }
            return routes
        }
    }

    @discardableResult
    package func resolveOffer(assignmentID: String, from: Set<Offer.State>, to state: Offer.State)
        async throws(StoreError) -> Bool
    {
        let sources = from.map(\.rawValue).sorted()
        return try await write("resolve offer \(assignmentID) as \(state.rawValue)") { db in
            try db.execute(
                sql:
                    "UPDATE offers SET state = ? WHERE assignment_id = ? AND state IN (\(sources.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments([state.rawValue, assignmentID] + sources))
            return db.changesCount == 1
        }
    }
}
