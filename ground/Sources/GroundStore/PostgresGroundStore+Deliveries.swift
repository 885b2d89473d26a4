import Foundation
import GroundCore
import Logging
import PostgresNIO

extension PostgresGroundStore {
    package func insertDelivery(_ delivery: Delivery) async throws(StoreError) {
        // The booking itself has no reason; a first answer written with the row (its queue reason) is not a change.
        let change = DeliveryStatusChange(
            deliveryID: delivery.id, from: nil, to: delivery.status, reason: nil, at: delivery.createdAt)
        // One statement (the row and its first history entry, atomic on their own): one round trip
        // where BEGIN, two INSERTs and COMMIT took four; under load one statement for every booking
        // that came in while the previous one committed.
        let lane = bookingLanes[Int(UInt(bitPattern: delivery.id.hashValue) % UInt(bookingLanes.count))]
        do { try await lane.submit(Booking(delivery: delivery, change: change)) } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.query, operation: "insert delivery \(delivery.id)", cause: error)
        }
    }

    package func updateDelivery(_ delivery: Delivery, change: DeliveryStatusChange?, enqueue: [WebhookMessage])
        async throws(StoreError)
    {
        // A change of ETA or reason alone (a booking's first decision, most plan updates) is one UPDATE:
        // no transaction around it, one round trip instead of three.
        if change == nil, enqueue.isEmpty {
            let operation = "update delivery \(delivery.id)"
            guard try await query(operation, Self.updateQuery(delivery)).count == 1 else {
                let exists = try await query(operation, "SELECT 1 FROM deliveries WHERE id = \(delivery.id)")
                throw StoreError(
                    exists.isEmpty ? .notFound : .staleVersion,
                    operation: "update delivery \(delivery.id) at version \(delivery.version)")
            }
            return
        }
        try await transaction("update delivery \(delivery.id)") { connection, logger in
            let updated = try await connection.rows(Self.updateQuery(delivery), logger: logger)
            guard updated.count == 1 else {
                let exists = try await connection.rows(
                    "SELECT 1 FROM deliveries WHERE id = \(delivery.id)", logger: logger)
                throw StoreError(
                    exists.isEmpty ? .notFound : .staleVersion,
                    operation: "update delivery \(delivery.id) at version \(delivery.version)")
            }
            if let change { try await connection.rows(Self.appendQuery(change), logger: logger) }
            try await Self.insert(enqueue, on: connection, logger: logger)
        }
    }

    package func delivery(id: String) async throws(StoreError) -> Delivery? {
        try await query("fetch delivery \(id)", "SELECT * FROM deliveries WHERE id = \(id)")
            .first.map { row throws(StoreError) in try Delivery(row: row) }
    }

    package func deliveries(_ query: DeliveryQuery) async throws(StoreError) -> DeliveryPage {
        let limit = max(1, query.limit)
        var clauses: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: StoreValue) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let business = query.businessID { clauses.append("business_id = \(bind(.text(business)))") }
        if !query.statuses.isEmpty {
            binds.append(query.statuses.map(\.rawValue).sorted())
            clauses.append("status = ANY($\(binds.count))")
        }
        if let from = query.from { clauses.append("created_at >= \(bind(.double(from.timeIntervalSince1970)))") }
        if let to = query.to { clauses.append("created_at < \(bind(.double(to.timeIntervalSince1970)))") }
        if let after = query.after {
            let created = bind(.double(after.createdAt.timeIntervalSince1970))
            clauses.append("(created_at > \(created) OR (created_at = \(created) AND id > \(bind(.text(after.id)))))")
        }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        // One extra row tells whether there is a next page without a COUNT.
        let limitMark = bind(.integer(Int64(limit + 1)))
        let sql = "SELECT * FROM deliveries \(whereSQL) ORDER BY created_at, id LIMIT \(limitMark)"
        var items = try await self.query("list deliveries", PostgresQuery(unsafeSQL: sql, binds: binds))
            .map { row throws(StoreError) in try Delivery(row: row) }
        var next: DeliveryCursor?
        if items.count > limit {
            items.removeLast()
            if let last = items.last { next = DeliveryCursor(createdAt: last.createdAt, id: last.id) }
        }
        return DeliveryPage(items: items, next: next)
    }

    package func activeDeliveries() async throws(StoreError) -> [Delivery] {
        let terminal = DeliveryStatus.allCases.filter(\.isTerminal).map(\.rawValue)
        return try await query(
            "list active deliveries",
            """
            SELECT * FROM deliveries WHERE status <> ALL(\(terminal)) ORDER BY created_at, id
            """
        ).map { row throws(StoreError) in try Delivery(row: row) }
    }

    package func activeDeliveryVersions() async throws(StoreError) -> [DeliveryVersion] {
        let terminal = DeliveryStatus.allCases.filter(\.isTerminal).map(\.rawValue)
        return try await query(
            "list active delivery versions",
            """
            SELECT id, version FROM deliveries WHERE status <> ALL(\(terminal)) ORDER BY created_at, id
            """
        ).map { row throws(StoreError) in DeliveryVersion(id: try row.text("id"), version: try row.integer("version")) }
    }

    package func deliveries(ids: [String]) async throws(StoreError) -> [Delivery] {
        guard !ids.isEmpty else { return [] }
        return try await query("fetch \(ids.count) deliveries", "SELECT * FROM deliveries WHERE id = ANY(\(ids))")
            .map { row throws(StoreError) in try Delivery(row: row) }
    }

    package func history(deliveryID: String) async throws(StoreError) -> [DeliveryStatusChange] {
        try await query(
            "fetch history \(deliveryID)",
            "SELECT * FROM delivery_history WHERE delivery_id = \(deliveryID) ORDER BY id"
        )
        .map { row throws(StoreError) in try DeliveryStatusChange(row: row) }
    }

    package func analyticsDeliveries(from: Date, to: Date) async throws(StoreError) -> [Delivery] {
        try await query(
            "analytics deliveries",
            """
            SELECT * FROM deliveries WHERE created_at >= \(from.timeIntervalSince1970) AND created_at < \(to.timeIntervalSince1970)
            ORDER BY created_at, id
            """
        ).map { row throws(StoreError) in try Delivery(row: row) }
    }

    /// The new row and its first history entry in one statement.
    static func insertWithHistoryQuery(_ delivery: Delivery, _ change: DeliveryStatusChange) -> PostgresQuery {
        let values = delivery.columnValues
        var binds = PostgresBindings(capacity: values.count + 4)
        for value in values { binds.append(value.value) }
        let columns = values.map { DeliveryColumns.quoted($0.column) }.joined(separator: ", ")
        let marks = (1...values.count).map { "$\($0)" }.joined(separator: ", ")
        // The entry's delivery id comes from the inserted row; its other columns are bound.
        var entryMarks: [String] = []
        for value in change.columnValues.dropFirst() {
            binds.append(value)
            entryMarks.append("$\(binds.count)")
        }
        return PostgresQuery(
            unsafeSQL: """
                WITH inserted AS (INSERT INTO deliveries (\(columns)) VALUES (\(marks)) RETURNING id)
                INSERT INTO delivery_history (delivery_id, from_status, to_status, reason, at)
                SELECT id, \(entryMarks.joined(separator: ", ")) FROM inserted
                """, binds: binds)
    }

    /// UPDATE rather than upsert: a missing row is an error (`notFound`), and the history must stay attached.
    /// Compare-and-set on `version`: no row comes back when another writer changed it since it was read.
    static func updateQuery(_ delivery: Delivery) -> PostgresQuery {
        let assignments = delivery.columnValues.filter { $0.column != "id" && $0.column != "version" }
        var binds = PostgresBindings(capacity: assignments.count + 1)
        var sets: [String] = []
        for assignment in assignments {
            binds.append(assignment.value)
            sets.append("\(DeliveryColumns.quoted(assignment.column)) = $\(binds.count)")
        }
        binds.append(delivery.id)
        let idMark = binds.count
        binds.append(delivery.version)
        return PostgresQuery(
            unsafeSQL: """
                UPDATE deliveries SET \(sets.joined(separator: ", ")), version = version + 1
                WHERE id = $\(idMark) AND version = $\(binds.count) RETURNING id
                """,
            binds: binds)
    }

    static func appendQuery(_ change: DeliveryStatusChange) -> PostgresQuery {
        var binds = PostgresBindings()
        for value in change.columnValues { binds.append(value) }
        return PostgresQuery(
            unsafeSQL:
                "INSERT INTO delivery_history (delivery_id, from_status, to_status, reason, at) VALUES ($1, $2, $3, $4, $5)",
            binds: binds)
    }
}
