import GroundCore
import PostgresNIO

extension PostgresRandomAccessRow: StoreRow {
    func optionalText(_ column: String) throws(StoreError) -> String? { try decode(column, as: String.self) }
    func optionalDouble(_ column: String) throws(StoreError) -> Double? { try decode(column, as: Double.self) }
    func optionalInteger(_ column: String) throws(StoreError) -> Int64? { try decode(column, as: Int64.self) }

    func bool(_ column: String) throws(StoreError) -> Bool {
        guard let value = try decode(column, as: Bool.self) else { throw StoreError.nullColumn(column) }
        return value
    }

    private func decode<T: PostgresDecodable>(_ column: String, as type: T.Type) throws(StoreError) -> T? {
        // The name subscript traps on an unknown column; check first so a schema mismatch is an error.
        guard contains(column) else { throw StoreError.badColumn(column, "\(T.self)") }
        let cell = self[column]
        guard cell.bytes != nil else { return nil }
        do { return try cell.decode(T.self) } catch {
            throw StoreError.badColumn(column, "\(T.self)", cause: error)
        }
    }
}

extension PostgresBindings {
    /// Appends `value` as the next `$n` parameter.
    mutating func append(_ value: StoreValue) {
        switch value {
        case .text(let text): append(text)
        case .double(let number): append(number)
        case .integer(let number): append(number)
        case .bool(let flag): append(flag)
        }
    }
}
