import PostgresNIO

/// What the PostgreSQL server (or the connection) reported for a failed statement. PostgresNIO's
/// `PSQLError` prints a generic text to avoid leaking data into logs; this keeps the SQLSTATE and the
/// server's message, which name the constraint or column but never bound values.
package struct PostgresFailure: Error, Sendable, CustomStringConvertible {
    /// SQLSTATE, e.g. `23505` (unique violation); nil when the failure was not the server's.
    package let sqlState: String?
    package let message: String
    package let detail: String?

    init(_ error: PSQLError) {
        sqlState = error.serverInfo?[.sqlState]
        message = error.serverInfo?[.message] ?? "\(error.code)"
        detail = error.serverInfo?[.detail]
    }

    /// Class 23: integrity constraint violation (unique, foreign key, not null, check).
    var isConstraintViolation: Bool { sqlState?.hasPrefix("23") == true }

    package var description: String {
        var text = sqlState.map { "\($0) \(message)" } ?? message
        if let detail { text += " (\(detail))" }
        return text
    }
}
