import FleetProtocol
import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func insertOffer(_ offer: Offer) async throws(StoreError) {
        var binds = PostgresBindings()
        for value in try offer.columnValues() { binds.append(value) }
        try await query(
            "insert offer \(offer.assignmentID)",
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO offers (assignment_id, delivery_id, drone_id, command_id, offered_at, eta_pickup, eta_dropoff, state, plan_revision, route)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    """, binds: binds))
    }

    package func offer(assignmentID: String) async throws(StoreError) -> Offer? {
        try await query("fetch offer \(assignmentID)", "SELECT * FROM offers WHERE assignment_id = \(assignmentID)")
            .first.map { row throws(StoreError) in try Offer(row: row) }
    }

    package func openOffers() async throws(StoreError) -> [Offer] {
        try await query(
            "list open offers",
            "SELECT * FROM offers WHERE state = \(Offer.State.outstanding.rawValue) ORDER BY offered_at"
        )
        .map { row throws(StoreError) in try Offer(row: row) }
    }

    package func updateOfferRoute(assignmentID: String, route: Assignment.Route?) async throws(StoreError) {
        let json = try Offer.routeJSON(route)
        try await query(
            "update route of offer \(assignmentID)",
            "UPDATE offers SET route = \(json) WHERE assignment_id = \(assignmentID)")
    }

    package func offerRoutes(assignmentIDs: [String]) async throws(StoreError) -> [String: Assignment.Route] {
        guard !assignmentIDs.isEmpty else { return [:] }
        let rows = try await query(
            "fetch routes of \(assignmentIDs.count) offers",
            "SELECT assignment_id, route FROM offers WHERE route IS NOT NULL AND assignment_id = ANY(\(assignmentIDs))")
        var routes: [String: Assignment.Route] = [:]
        for row in rows { routes[try row.text("assignment_id")] = try Offer.route(try row.optionalText("route")) }
        return routes
    }

    @discardableResult
    package func resolveOffer(assignmentID: String, from: Set<Offer.State>, to state: Offer.State)
        async throws(StoreError) -> Bool
    {
        let sources = from.map(\.rawValue).sorted()
        let rows = try await query(
            "resolve offer \(assignmentID) as \(state.rawValue)",
            """
            UPDATE offers SET state = \(state.rawValue) WHERE assignment_id = \(assignmentID) AND state = ANY(\(sources)) RETURNING assignment_id
            """)
        return !rows.isEmpty
    }
}
