import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func insertDelivery(_ delivery: Delivery) async throws(StoreError) {
        try await writeTogether("insert delivery \(delivery.id)") { db in
            try Self.save(delivery, in: db, replace: false)
            try Self.append(
                DeliveryStatusChange(
                    // The booking itself has no reason; a first answer written with the row is not a change.
                    deliveryID: delivery.id, from: nil, to: delivery.status, reason: nil,
                    at: delivery.createdAt
                ), in: db)
        }
    }

    package func updateDelivery(_ delivery: Delivery, change: DeliveryStatusChange?, enqueue: [WebhookMessage])
        async throws(StoreError)
    {
        try await writeTogether("update delivery \(delivery.id)") { db in
            try Self.save(delivery, in: db, replace: true)
            if let change { try Self.append(change, in: db) }
            try Self.insert(enqueue, in: db)
        }
    }

    package func delivery(id: String) async throws(StoreError) -> Delivery? {
        try readHere("fetch delivery \(id)") { db in
            try Self.fetchOne(db, sql: "SELECT * FROM deliveries WHERE id = ?", arguments: [id]) { row in
                try Delivery(row: row)
            }
        }
    }

    package func deliveries(_ query: DeliveryQuery) async throws(StoreError) -> DeliveryPage {
        let limit = max(1, query.limit)
        return try await read("list deliveries") { db in
            var clauses: [String] = []
            var arguments = StatementArguments()
            if let business = query.businessID {
                clauses.append("business_id = ?")
                arguments += [business]
            }
            if !query.statuses.isEmpty {
                let sorted = query.statuses.map(\.rawValue).sorted()
                clauses.append("status IN (\(sorted.map { _ in "?" }.joined(separator: ",")))")
                arguments += StatementArguments(sorted)
            }
            if let from = query.from {
                clauses.append("created_at >= ?")
                arguments += [from.timeIntervalSince1970]
            }
            if let to = query.to {
                clauses.append("created_at < ?")
                arguments += [to.timeIntervalSince1970]
            }
            if let after = query.after {
                clauses.append("(created_at > ? OR (created_at = ? AND id > ?))")
                arguments += [after.createdAt.timeIntervalSince1970, after.createdAt.timeIntervalSince1970, after.id]
            }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            // One extra row tells whether there is a next page without a COUNT.
            let sql = "SELECT * FROM deliveries \(whereSQL) ORDER BY created_at, id LIMIT \(limit + 1)"
            var items = try Self.fetchAll(db, sql: sql, arguments: arguments) { row in try Delivery(row: row) }
            var next: DeliveryCursor?
            if items.count > limit {
                items.removeLast()
                if let last = items.last { next = DeliveryCursor(createdAt: last.createdAt, id: last.id) }
            }
            return DeliveryPage(items: items, next: next)
        }
    }

    package func activeDeliveries() async throws(StoreError) -> [Delivery] {
        let terminal = DeliveryStatus.allCases.filter(\.isTerminal).map(\.rawValue)
        return try await read("list active deliveries") { db in
            try Self.fetchAll(
                db, sql: "SELECT * FROM deliveries WHERE status NOT IN (?, ?, ?) ORDER BY created_at, id",
                arguments: StatementArguments(terminal)
            ) { row in try Delivery(row: row) }
        }
    }

    package func activeDeliveryVersions() async throws(StoreError) -> [DeliveryVersion] {
        let terminal = DeliveryStatus.allCases.filter(\.isTerminal).map(\.rawValue)
        return try await read("list active delivery versions") { db in
            try Self.fetchAll(
                db, sql: "SELECT id, version FROM deliveries WHERE status NOT IN (?, ?, ?) ORDER BY created_at, id",
                arguments: StatementArguments(terminal)
            ) { row in DeliveryVersion(id: try row.text("id"), version: try row.integer("version")) }
        }
    }

    package func deliveries(ids: [String]) async throws(StoreError) -> [Delivery] {
        guard !ids.isEmpty else { return [] }
        return try await read("fetch \(ids.count) deliveries") { db in
            var found: [Delivery] = []
            // In chunks, below SQLite's limit on bound parameters; one statement size is cached per chunk length.
            for start in stride(from: 0, to: ids.count, by: Self.idChunk) {
                let chunk = Array(ids[start..<min(start + Self.idChunk, ids.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                found += try Self.fetchAll(
                    db, sql: "SELECT * FROM deliveries WHERE id IN (\(marks))", arguments: StatementArguments(chunk)
                ) { row in try Delivery(row: row) }
            }
            return found
        }
    }

    /// Ids bound per statement by ``deliveries(ids:)``.
    static let idChunk = 200

    package func history(deliveryID: String) async throws(StoreError) -> [DeliveryStatusChange] {
        try await read("fetch history \(deliveryID)") { db in
            try Self.fetchAll(
                db, sql: "SELECT * FROM delivery_history WHERE delivery_id = ? ORDER BY id", arguments: [deliveryID]
            ) { row in try DeliveryStatusChange(row: row) }
        }
    }

    package func analyticsDeliveries(from: Date, to: Date) async throws(StoreError) -> [Delivery] {
        try await read("analytics deliveries") { db in
            try Self.fetchAll(
                db, sql: "SELECT * FROM deliveries WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id",
                arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970]
            ) { row in try Delivery(row: row) }
        }
    }

    /// INSERT for new rows, UPDATE for existing ones: INSERT OR REPLACE would delete the old row
    /// first and cascade away its history.
    static func save(_ delivery: Delivery, in db: Database, replace: Bool) throws {
        let values = delivery.columnValues
        if replace {
            // Compare-and-set: the row is written only if nobody changed it since it was read.
            let assignments = values.filter { $0.column != "id" && $0.column != "version" }
            let sets = assignments.map { "\(DeliveryColumns.quoted($0.column)) = ?" }.joined(separator: ", ")
            // Cached: the column list never changes, so the statement is parsed once per connection.
            try db.cachedStatement(
                sql: "UPDATE deliveries SET \(sets), version = version + 1 WHERE id = ? AND version = ?"
            )
            .execute(
                arguments: StatementArguments(
                    assignments.map(\.value.databaseValue) + [
                        delivery.id.databaseValue, delivery.version.databaseValue,
                    ])
            )
            guard db.changesCount == 1 else {
                let exists =
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM deliveries WHERE id = ?)", arguments: [delivery.id])
                    ?? false
                throw StoreError(
                    exists ? .staleVersion : .notFound,
                    operation: "update delivery \(delivery.id) at version \(delivery.version)")
            }
        } else {
            let columns = values.map { DeliveryColumns.quoted($0.column) }.joined(separator: ", ")
            let marks = values.map { _ in "?" }.joined(separator: ", ")
            try db.cachedStatement(sql: "INSERT INTO deliveries (\(columns)) VALUES (\(marks))").execute(
                arguments: StatementArguments(values.map(\.value.databaseValue))
            )
        }
    }

    static func append(_ change: DeliveryStatusChange, in db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO delivery_history (delivery_id, from_status, to_status, reason, at) VALUES (?, ?, ?, ?, ?)"
        ).execute(
            arguments: StatementArguments(change.columnValues.map(\.databaseValue))
        )
    }
}
