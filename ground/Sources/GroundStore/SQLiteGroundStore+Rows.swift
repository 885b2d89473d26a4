import GRDB
import GroundCore

extension SQLiteGroundStore {
    /// Every row of `sql`, each decoded while the statement is on it.
    ///
    /// A row decoded in place finds a column by name in a table GRDB builds once per statement; a copied
    /// row (`Row.fetchAll`) lowercases every column name on every lookup, which made decoding a delivery
    /// row cost more than reading it. The statement is cached per connection, so it is parsed once.
    static func fetchAll<T>(
        _ db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
        _ decode: (Row) throws -> T
    ) throws -> [T] {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        var items: [T] = []
        while let row = try cursor.next() { items.append(try decode(row)) }
        return items
    }

    /// The first row of `sql` decoded in place (see ``fetchAll(_:sql:arguments:_:)``), nil when there is none.
    static func fetchOne<T>(
        _ db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
        _ decode: (Row) throws -> T
    ) throws -> T? {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        return try cursor.next().map(decode)
    }
}
