import Foundation
import GRDB

/// The agent's durable state in one SQLite file (WAL): event outbox, current assignment, reply cache and
/// the next eventSeq.
///
/// eventSeq allocation, outbox insert and the phase change share one transaction, so after a crash either
/// all of them happened or none did: nothing is lost, nothing is numbered twice.
public final class AgentStore: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) `path` in WAL mode and migrates it.
    public init(path: String) throws(AgentStoreError) {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw AgentStoreError(operation: "open \(path)", underlying: error)
        }
        do { try Self.migrator.migrate(pool) } catch {
            throw AgentStoreError(operation: "migrate", underlying: error)
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "outbox") { t in
                t.primaryKey("eventSeq", .integer)
                t.column("topic", .text).notNull()
                t.column("payload", .blob).notNull()
                t.column("createdAt", .integer).notNull()
            }
            try db.create(table: "assignment") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("assignment", .blob).notNull()
                t.column("phase", .text).notNull()
                t.column("missionState", .blob).notNull()
                t.column("updatedAt", .integer).notNull()
            }
            try db.create(table: "replies") { t in
                t.primaryKey("commandId", .text)
                t.column("reply", .blob).notNull()
                t.column("expiresAt", .integer).notNull()
            }
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('nextEventSeq', 1)")
        }
        migrator.registerMigration("v2-dead-letter") { db in
            // Events the broker refused for good (PUBACK "packet too large", "payload format invalid",
            // ...): kept for the operator instead of blocking every later event behind them.
            try db.create(table: "deadLetter") { t in
                t.primaryKey("eventSeq", .integer)
                t.column("topic", .text).notNull()
                t.column("payload", .blob).notNull()
                t.column("createdAt", .integer).notNull()
                t.column("reason", .text).notNull()
                t.column("failedAt", .integer).notNull()
            }
        }
        migrator.registerMigration("v3-published") { db in
            // Events the broker acknowledged, kept for `resend-events`: ground can still lose an event
            // the broker delivered (it dies before storing it) and asks for it again.
            try db.create(table: "published") { t in
                t.primaryKey("eventSeq", .integer)
                t.column("topic", .text).notNull()
                t.column("payload", .blob).notNull()
                t.column("createdAt", .integer).notNull()
                t.column("publishedAt", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('prunedThrough', 0)")
        }
        registerProofMigration(&migrator)
        return migrator
    }

    /// How long, and how many, acknowledged events are kept for `resend-events`.
    public static let publishedRetentionMs: Int64 = 24 * 3600 * 1000
    public static let publishedRetentionCount = 20_000

    /// A change to apply together with an event in one transaction.
    public enum AssignmentChange: Sendable {
        /// Leave the assignment row as it is.
        case unchanged
        /// Insert or replace the current assignment row.
        case set(PersistedAssignment)
        /// Drop the current assignment (finished or rejected).
        case clear
    }

    /// Allocates the next eventSeq, lets `makePayload` build the message with it, stores it in the outbox
    /// and applies `change`, all in one transaction. Returns the allocated eventSeq.
    @discardableResult
    public func appendEvent(
        topic: String,
        change: AssignmentChange = .unchanged,
        now: Date = Date(),
        makePayload: @Sendable (Int64) throws -> Data
    ) throws(AgentStoreError) -> Int64 {
        do {
            return try pool.write { db in
                let seq = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'nextEventSeq'") ?? 1
                try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'nextEventSeq'", arguments: [seq + 1])
                let record = OutboxRecord(
                    eventSeq: seq, topic: topic, payload: try makePayload(seq), createdAt: now.millis)
                try record.insert(db)
                try Self.apply(change, db)
                return seq
            }
        } catch {
            throw AgentStoreError(operation: "append event on \(topic)", underlying: error)
        }
    }

    /// Applies an assignment change with no event (e.g. executor bookkeeping).
    public func update(_ change: AssignmentChange) throws(AgentStoreError) {
        do { try pool.write { db in try Self.apply(change, db) } } catch {
            throw AgentStoreError(operation: "update assignment", underlying: error)
        }
    }

    private static func apply(_ change: AssignmentChange, _ db: Database) throws {
        switch change {
        case .unchanged: break
        case .set(let row): try row.save(db)
        case .clear: try PersistedAssignment.deleteAll(db)
        }
    }

    /// The current assignment, if any.
    public func currentAssignment() throws(AgentStoreError) -> PersistedAssignment? {
        do { return try pool.read { db in try PersistedAssignment.fetchOne(db) } } catch {
            throw AgentStoreError(operation: "read assignment", underlying: error)
        }
    }

    /// Up to `limit` oldest outbox rows, in eventSeq order.
    public func pendingEvents(limit: Int = 100) throws(AgentStoreError) -> [OutboxRecord] {
        do {
            return try pool.read { db in
                try OutboxRecord.order(Column("eventSeq")).limit(limit).fetchAll(db)
            }
        } catch {
            throw AgentStoreError(operation: "read outbox", underlying: error)
        }
    }

    /// Number of events not yet acknowledged by the broker.
    public func pendingCount() throws(AgentStoreError) -> Int {
        do { return try pool.read { db in try OutboxRecord.fetchCount(db) } } catch {
            throw AgentStoreError(operation: "count outbox", underlying: error)
        }
    }

    /// Moves an event from the outbox to `published` after its PUBACK, and prunes `published` to its
    /// retention (remembering the highest pruned eventSeq, so a later `resend-events` can say what is gone).
    public func acknowledge(eventSeq: Int64, now: Date = Date()) throws(AgentStoreError) {
        do {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO published (eventSeq, topic, payload, createdAt, publishedAt)
                        SELECT eventSeq, topic, payload, createdAt, ? FROM outbox WHERE eventSeq = ?
                        """, arguments: [now.millis, eventSeq])
                _ = try OutboxRecord.deleteOne(db, key: eventSeq)
                let cutoffByAge = now.millis - Self.publishedRetentionMs
                let cutoffByCount =
                    try Int64.fetchOne(
                        db, sql: "SELECT eventSeq FROM published ORDER BY eventSeq DESC LIMIT 1 OFFSET ?",
                        arguments: [Self.publishedRetentionCount]) ?? 0
                let prunedByAge =
                    try Int64.fetchOne(
                        db, sql: "SELECT MAX(eventSeq) FROM published WHERE publishedAt < ?",
                        arguments: [cutoffByAge]) ?? 0
                let pruneThrough = max(cutoffByCount, prunedByAge)
                if pruneThrough > 0 {
                    try db.execute(sql: "DELETE FROM published WHERE eventSeq <= ?", arguments: [pruneThrough])
                    try db.execute(
                        sql: "UPDATE meta SET value = MAX(value, ?) WHERE key = 'prunedThrough'",
                        arguments: [pruneThrough])
                }
            }
        } catch {
            throw AgentStoreError(operation: "acknowledge event \(eventSeq)", underlying: error)
        }
    }

    /// Puts every kept event from `fromSeq` on back into the outbox (to be published again, in order).
    /// Returns how many were re-queued and the highest eventSeq that is gone for good (0: none).
    public func requeuePublished(fromSeq: Int64) throws(AgentStoreError) -> (requeued: Int, prunedThrough: Int64) {
        do {
            return try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO outbox (eventSeq, topic, payload, createdAt)
                        SELECT eventSeq, topic, payload, createdAt FROM published WHERE eventSeq >= ?
                        """, arguments: [fromSeq])
                let requeued = db.changesCount
                try db.execute(sql: "DELETE FROM published WHERE eventSeq >= ?", arguments: [fromSeq])
                let pruned = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'prunedThrough'") ?? 0
                return (requeued, pruned)
            }
        } catch {
            throw AgentStoreError(operation: "re-queue events from \(fromSeq)", underlying: error)
        }
    }

    /// Moves an event the broker refused for good out of the outbox into `deadLetter`, with why.
    public func deadLetter(eventSeq: Int64, reason: String, now: Date = Date()) throws(AgentStoreError) {
        do {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO deadLetter (eventSeq, topic, payload, createdAt, reason, failedAt)
                        SELECT eventSeq, topic, payload, createdAt, ?, ? FROM outbox WHERE eventSeq = ?
                        """, arguments: [reason, now.millis, eventSeq])
                _ = try OutboxRecord.deleteOne(db, key: eventSeq)
            }
        } catch {
            throw AgentStoreError(operation: "dead-letter event \(eventSeq)", underlying: error)
        }
    }

    /// eventSeqs and reasons of the events the broker refused for good.
    public func deadLetters() throws(AgentStoreError) -> [(eventSeq: Int64, reason: String)] {
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT eventSeq, reason FROM deadLetter ORDER BY eventSeq").map {
                    ($0["eventSeq"], $0["reason"])
                }
            }
        } catch {
            throw AgentStoreError(operation: "read dead letters", underlying: error)
        }
    }

    /// The reply already given to `commandId`, if still cached.
    public func reply(for commandID: String) throws(AgentStoreError) -> StoredReply? {
        do { return try pool.read { db in try StoredReply.fetchOne(db, key: commandID) } } catch {
            throw AgentStoreError(operation: "read reply \(commandID)", underlying: error)
        }
    }

    /// Remembers a reply, and prunes replies that expired before `now`.
    public func storeReply(_ reply: StoredReply, now: Date = Date()) throws(AgentStoreError) {
        do {
            try pool.write { db in
                try reply.save(db)
                _ = try StoredReply.filter(Column("expiresAt") < now.millis).deleteAll(db)
            }
        } catch {
            throw AgentStoreError(operation: "store reply \(reply.commandID)", underlying: error)
        }
    }

    /// Next eventSeq that will be allocated (for diagnostics and tests).
    public func nextEventSeq() throws(AgentStoreError) -> Int64 {
        do {
            return try pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'nextEventSeq'") ?? 1
            }
        } catch {
            throw AgentStoreError(operation: "read nextEventSeq", underlying: error)
        }
    }
}
