/// One named, append-only step of the ground schema, written once for every ``SQLDialect``.
struct SchemaMigration: Sendable {
    /// Recorded in the database once applied (GRDB's `grdb_migrations` / PostgreSQL `schema_migrations`).
    let name: String
    /// The DDL statements of this step in the given dialect, run in one transaction.
    let statements: @Sendable (SQLDialect) -> [String]
}
