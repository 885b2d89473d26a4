/// Column names shared by the schema and the row mapping.
enum DeliveryColumns {
    /// `requested_at`, `scheduled_at`, `pickupInProgress_at`...: when each status was first reached.
    static func statusTime(_ status: DeliveryStatus) -> String { "\(status.rawValue)_at" }
}
