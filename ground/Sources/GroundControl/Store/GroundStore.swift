import Foundation

/// Persistence for ground control. `SQLiteGroundStore` is the embedded implementation; a PostgreSQL
/// one must apply the same named migrations and keep the same semantics (dedup, downsampling,
/// keyset pagination, tenant filter).
public protocol GroundStore: Sendable {
    // MARK: Businesses
    func insertBusiness(_ business: Business) async throws(StoreError)
    func business(id: String) async throws(StoreError) -> Business?
    func business(apiKeyHash: String) async throws(StoreError) -> Business?

    // MARK: Deliveries
    func insertDelivery(_ delivery: Delivery) async throws(StoreError)
    /// Saves `delivery` and, in the same transaction, appends `change` to its history.
    func updateDelivery(_ delivery: Delivery, change: DeliveryStatusChange?) async throws(StoreError)
    func delivery(id: String) async throws(StoreError) -> Delivery?
    func deliveries(_ query: DeliveryQuery) async throws(StoreError) -> DeliveryPage
    /// Every delivery not in a terminal status, for rebuilding state after a restart.
    func activeDeliveries() async throws(StoreError) -> [Delivery]
    func history(deliveryID: String) async throws(StoreError) -> [DeliveryStatusChange]
    /// Deliveries created in [from, to), with every column analytics needs (ETAs, status times, energy).
    func analyticsDeliveries(from: Date, to: Date) async throws(StoreError) -> [Delivery]

    // MARK: Drones
    func upsertDrone(_ drone: DroneRecord) async throws(StoreError)
    func drone(id: String) async throws(StoreError) -> DroneRecord?
    func drones() async throws(StoreError) -> [DroneRecord]

    // MARK: Events and telemetry
    /// Stores the event unless (drone, eventSeq) is already stored; returns whether it was new.
    @discardableResult
    func recordEvent(_ event: DroneEventRecord) async throws(StoreError) -> Bool
    /// Inserts a batch in one transaction, keeping at most one sample per drone per policy interval;
    /// returns how many were kept.
    @discardableResult
    func insertTelemetry(_ samples: [TelemetrySample]) async throws(StoreError) -> Int
    func telemetry(droneID: String, from: Date, to: Date) async throws(StoreError) -> [TelemetrySample]
    /// Deletes samples older than `cutoff`; returns how many were deleted.
    @discardableResult
    func pruneTelemetry(before cutoff: Date) async throws(StoreError) -> Int
}
