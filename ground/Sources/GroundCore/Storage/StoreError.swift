/// A failure of the ground store, carrying the operation, the SQL when there was one, and the cause.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    package enum Kind: String, Sendable {
        /// The database file could not be opened or configured.
        case open
        /// A schema migration failed; the database is left at the last good migration.
        case migration
        /// A statement failed (I/O, lock, SQL error).
        case query
        /// A unique or foreign-key constraint refused the write (duplicate id, unknown business...).
        case constraint
        /// The row to update does not exist.
        case notFound
        /// The row changed since it was read: another writer's compare-and-set won.
        case staleVersion
        /// A stored row could not be turned back into a model value (corrupt or hand-edited data).
        case corruptRow
    }

    package let kind: Kind
    /// What the store was doing, e.g. "insert delivery d_123".
    package let operation: String
    package let sql: String?
    package let cause: (any Error)?

    package init(_ kind: Kind, operation: String, sql: String? = nil, cause: (any Error)? = nil) {
        self.kind = kind
        self.operation = operation
        self.sql = sql
        self.cause = cause
    }

    package var description: String {
        var text = "store \(kind.rawValue) error during \(operation)"
        if let sql { text += " [SQL: \(sql)]" }
        if let cause { text += ": \(cause)" }
        return text
    }
}
