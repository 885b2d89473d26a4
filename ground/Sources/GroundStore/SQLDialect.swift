/// The SQL flavours the ground schema is written for; only column types and key syntax differ.
package enum SQLDialect: String, Sendable {
    case sqlite
    case postgres

    /// 64-bit IEEE float: timestamps (seconds since 1970), coordinates, energy.
    var double: String { self == .sqlite ? "DOUBLE" : "DOUBLE PRECISION" }
    /// 64-bit signed integer (event sequence numbers).
    var bigint: String { self == .sqlite ? "INTEGER" : "BIGINT" }
    /// Text compared bytewise, for ids that order keyset pages: SQLite's default, and PostgreSQL's
    /// "C" collation (its default follows the server locale), so both stores page identically.
    var key: String { self == .sqlite ? "TEXT" : "TEXT COLLATE \"C\"" }
    /// Bytes (proof-of-delivery photos).
    var blob: String { self == .sqlite ? "BLOB" : "BYTEA" }
    /// An integer primary key the database assigns in insertion order.
    var serialPrimaryKey: String {
        self == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
    }
}
