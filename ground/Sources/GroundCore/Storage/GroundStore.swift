import FleetProtocol
import Foundation

/// Persistence for ground control. ``SQLiteGroundStore`` is the embedded implementation and
/// ``PostgresGroundStore`` the shared one for several instances; both apply the same ``GroundSchema``
/// migrations and keep the same semantics (dedup, downsampling, keyset pagination, tenant filter).
/// Operators, the audit log, alerts and webhooks have their own protocols, which every store also implements.
package protocol GroundStore: Sendable, OperatorStore, AuditStore, AlertStore, WebhookStore {
    /// Telemetry downsampling and retention this store applies.
    var telemetryPolicy: TelemetryRetentionPolicy { get }
    /// Names of the migrations applied to the database, in order.
    func appliedMigrations() async throws(StoreError) -> [String]
    /// Releases the database (file or connection pool); the store must not be used afterwards.
    func close() async throws(StoreError)

    // MARK: Businesses
    func insertBusiness(_ business: Business) async throws(StoreError)
    func business(id: String) async throws(StoreError) -> Business?
    /// The business whose current key, or key replaced by the last rotation, has this hash.
    func business(apiKeyHash: String) async throws(StoreError) -> Business?
    /// Makes `newKeyHash` the business's key; the key it replaces stays valid until
    /// `previousKeyExpiresAt` (one replaced key at a time: an older one stops at once). nil when unknown.
    func rotateBusinessKey(id: String, newKeyHash: String, previousKeyExpiresAt: Date) async throws(StoreError)
        -> Business?

    // MARK: Deliveries
    func insertDelivery(_ delivery: Delivery) async throws(StoreError)
    /// Saves `delivery` and, in the same transaction, appends `change` to its history and `enqueue` to
    /// the webhook outbox, only if the stored row still has `delivery.version` (then bumped by one).
    /// All or nothing: the change and its events are committed together, so a crash never keeps one
    /// without the other. Throws `.staleVersion` when another writer changed the row since it was read
    /// (nothing is written), `.notFound` when there is no row, and the failing insert's error (nothing
    /// is written either) when an outbox row is refused.
    func updateDelivery(_ delivery: Delivery, change: DeliveryStatusChange?, enqueue: [WebhookMessage])
        async throws(StoreError)
    func delivery(id: String) async throws(StoreError) -> Delivery?
    func deliveries(_ query: DeliveryQuery) async throws(StoreError) -> DeliveryPage
    /// Every delivery not in a terminal status, for rebuilding state after a restart.
    func activeDeliveries() async throws(StoreError) -> [Delivery]
    /// Id and version of every delivery not in a terminal status, in ``activeDeliveries()``'s order:
    /// what a reader keeping copies of the rows needs to know which to read again.
    func activeDeliveryVersions() async throws(StoreError) -> [DeliveryVersion]
    /// The deliveries with these ids (unknown ids are left out), in no particular order.
    func deliveries(ids: [String]) async throws(StoreError) -> [Delivery]
    func history(deliveryID: String) async throws(StoreError) -> [DeliveryStatusChange]
    /// Deliveries created in [from, to), with every column analytics needs (ETAs, status times, energy).
    func analyticsDeliveries(from: Date, to: Date) async throws(StoreError) -> [Delivery]

    // MARK: Offers
    /// Stores an offer before its `assign` is sent.
    func insertOffer(_ offer: Offer) async throws(StoreError)
    func offer(assignmentID: String) async throws(StoreError) -> Offer?
    /// Offers still waiting for an answer (`outstanding`), oldest first.
    func openOffers() async throws(StoreError) -> [Offer]
    /// Moves an offer to `state` if it is in one of `from` (compare-and-set); says whether it did.
    @discardableResult
    func resolveOffer(assignmentID: String, from: Set<Offer.State>, to state: Offer.State) async throws(StoreError)
        -> Bool
    /// Replaces the path the drone flies for an assignment (an accepted re-route).
    func updateOfferRoute(assignmentID: String, route: Assignment.Route?) async throws(StoreError)
    /// The stored paths of those of `assignmentIDs` that are not straight.
    func offerRoutes(assignmentIDs: [String]) async throws(StoreError) -> [String: Assignment.Route]

    // MARK: Drone registry
    /// Registers a drone; throws `.constraint` when the id is already registered (active or retired).
    func registerDrone(_ drone: ProvisionedDrone) async throws(StoreError)
    func provisionedDrone(id: String) async throws(StoreError) -> ProvisionedDrone?
    /// Every registered drone, active and retired, by id.
    func provisionedDrones() async throws(StoreError) -> [ProvisionedDrone]
    /// Marks an active drone retired; says whether it did (false when unknown or already retired).
    @discardableResult
    func retireDrone(id: String, at date: Date) async throws(StoreError) -> Bool

    // MARK: Maintenance
    func droneMaintenance(droneID: String) async throws(StoreError) -> DroneMaintenance?
    func droneMaintenanceRecords() async throws(StoreError) -> [DroneMaintenance]
    /// Writes the drone's whole maintenance record (insert or replace).
    func saveDroneMaintenance(_ record: DroneMaintenance) async throws(StoreError)

    // MARK: No-fly zones
    /// Stores an operator zone; throws `.constraint` when the id exists.
    func insertNoFlyZone(_ zone: NoFlyZone) async throws(StoreError)
    /// Every stored operator zone (expired ones too, until deleted), by start then id.
    func noFlyZones() async throws(StoreError) -> [NoFlyZone]
    /// Deletes a zone; says whether it existed.
    @discardableResult
    func deleteNoFlyZone(id: String) async throws(StoreError) -> Bool

    // MARK: Weather holds
    /// Stores a hold; throws `.constraint` when the id exists.
    func insertWeatherHold(_ hold: WeatherHold) async throws(StoreError)
    /// Every stored hold (lapsed ones too, until deleted), by id.
    func weatherHolds() async throws(StoreError) -> [WeatherHold]
    @discardableResult
    func deleteWeatherHold(id: String) async throws(StoreError) -> Bool

    // MARK: Swap orders
    /// Every stored swap order (open and recently closed), oldest first.
    func swapOrders() async throws(StoreError) -> [SwapOrder]
    /// The swap orders of one depot, oldest first.
    func swapOrders(depotID: String) async throws(StoreError) -> [SwapOrder]
    /// Inserts or replaces `orders` (by id) and deletes `deleting`, in one transaction.
    func saveSwapOrders(_ orders: [SwapOrder], deleting: [String]) async throws(StoreError)

    // MARK: Drones
    func upsertDrone(_ drone: DroneRecord) async throws(StoreError)
    func drone(id: String) async throws(StoreError) -> DroneRecord?
    func drones() async throws(StoreError) -> [DroneRecord]

    // MARK: Events and telemetry
    /// Stores the event unless (drone, eventSeq) is already stored; says whether it was new, a re-send
    /// of the stored one, or a different event under the same number.
    @discardableResult
    func recordEvent(_ event: DroneEventRecord) async throws(StoreError) -> EventRecordOutcome
    /// Number of stored events of a drone (diagnostics and tests).
    func eventCount(droneID: String) async throws(StoreError) -> Int
    /// The drone's event log as far as it is whole: the highest n with 1...n all stored (0 if 1 is
    /// missing), and the stored eventSeqs above it (the far side of the first hole).
    func eventLogExtent(droneID: String) async throws(StoreError) -> (contiguousThrough: Int64, storedAbove: [Int64])
    /// Up to `limit` stored events of a drone with eventSeq above `after`, in eventSeq order.
    func events(droneID: String, after: Int64, limit: Int) async throws(StoreError) -> [DroneEventRecord]
    /// Inserts a batch in one transaction, keeping at most one sample per drone per policy interval;
    /// returns how many were kept.
    @discardableResult
    func insertTelemetry(_ samples: [TelemetrySample]) async throws(StoreError) -> Int
    func telemetry(droneID: String, from: Date, to: Date) async throws(StoreError) -> [TelemetrySample]
    /// Deletes samples older than `cutoff`; returns how many were deleted.
    @discardableResult
    func pruneTelemetry(before cutoff: Date) async throws(StoreError) -> Int

    // MARK: Proof of delivery
    /// Creates the proof from its first chunk (later ones leave the release as stored) and appends
    /// `imageData` when it continues the stored photo at `imageOffset` (of the same SHA-256, within its
    /// size); returns the proof as stored afterwards.
    func storeProofChunk(_ proof: DeliveryProof, imageOffset: Int, imageData: Data?) async throws(StoreError)
        -> DeliveryProof
    func proof(deliveryID: String) async throws(StoreError) -> DeliveryProof?
    /// The photo's bytes stored so far, nil when none.
    func proofImage(deliveryID: String) async throws(StoreError) -> Data?
    /// Marks the whole photo checked (`matched`), or drops it so the drone sends it again.
    func finishProofImage(deliveryID: String, matched: Bool) async throws(StoreError)
}

extension GroundStore {
    /// A delivery change that announces nothing (no outbox rows).
    package func updateDelivery(_ delivery: Delivery, change: DeliveryStatusChange?) async throws(StoreError) {
        try await updateDelivery(delivery, change: change, enqueue: [])
    }

    /// Deletes samples older than the policy's retention, counted back from `now`.
    @discardableResult
    package func applyRetention(now: Date = Date()) async throws(StoreError) -> Int {
        try await pruneTelemetry(before: now.addingTimeInterval(-telemetryPolicy.retention))
    }
}
