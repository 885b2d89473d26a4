import GroundCore

/// Read access to one result row, implemented over GRDB's `Row` and PostgresNIO's row, so the
/// row-to-model mapping is written once for both stores. Every accessor throws ``StoreError``
/// (`.corruptRow`, naming the column) when the column is missing or of another type.
protocol StoreRow {
    func optionalText(_ column: String) throws(StoreError) -> String?
    func optionalDouble(_ column: String) throws(StoreError) -> Double?
    func optionalInteger(_ column: String) throws(StoreError) -> Int64?
    func bool(_ column: String) throws(StoreError) -> Bool
}

extension StoreRow {
    func text(_ column: String) throws(StoreError) -> String {
        guard let value = try optionalText(column) else { throw StoreError.nullColumn(column) }
        return value
    }

    func double(_ column: String) throws(StoreError) -> Double {
        guard let value = try optionalDouble(column) else { throw StoreError.nullColumn(column) }
        return value
    }

    func integer(_ column: String) throws(StoreError) -> Int64 {
        guard let value = try optionalInteger(column) else { throw StoreError.nullColumn(column) }
        return value
    }
}

extension StoreError {
    static func nullColumn(_ column: String) -> StoreError {
        StoreError(.corruptRow, operation: "decode column \(column): unexpected NULL")
    }

    static func badColumn(_ column: String, _ type: String, cause: (any Error)? = nil) -> StoreError {
        StoreError(.corruptRow, operation: "decode column \(column) as \(type)", cause: cause)
    }
}
