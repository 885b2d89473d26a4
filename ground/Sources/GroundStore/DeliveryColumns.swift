import GroundCore

/// Column names shared by the schema and the row mapping.
enum DeliveryColumns {
    /// `requested_at`, `scheduled_at`, `pickupInProgress_at`...: when each status was first reached.
    /// Mixed case, so SQL must quote it (PostgreSQL folds unquoted names to lower case).
    static func statusTime(_ status: DeliveryStatus) -> String { "\(status.rawValue)_at" }

    /// `name` as a quoted SQL identifier, valid in both dialects.
    static func quoted(_ name: String) -> String { "\"\(name)\"" }
}
