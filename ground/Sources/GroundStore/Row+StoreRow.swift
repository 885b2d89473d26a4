import GRDB
import GroundCore

extension Row: StoreRow {
    func optionalText(_ column: String) throws(StoreError) -> String? { try decode(column, as: String.self) }
    func optionalDouble(_ column: String) throws(StoreError) -> Double? { try decode(column, as: Double.self) }
    func optionalInteger(_ column: String) throws(StoreError) -> Int64? { try decode(column, as: Int64.self) }

    func bool(_ column: String) throws(StoreError) -> Bool {
        guard let value = try decode(column, as: Bool.self) else { throw StoreError.nullColumn(column) }
        return value
    }

    private func decode<T: DatabaseValueConvertible>(_ column: String, as type: T.Type) throws(StoreError) -> T? {
        guard hasColumn(column) else { throw StoreError.badColumn(column, "\(T.self)") }
        let value: DatabaseValue = self[column]
        if value.isNull { return nil }
        guard let decoded = T.fromDatabaseValue(value) else { throw StoreError.badColumn(column, "\(T.self)") }
        return decoded
    }
}

extension StoreValue {
    /// The GRDB parameter for this value.
    var databaseValue: DatabaseValue {
        switch self {
        case .text(let value): value.databaseValue
        case .double(let value): value.databaseValue
        case .integer(let value): value.databaseValue
        case .bool(let value): value.databaseValue
        }
    }
}
