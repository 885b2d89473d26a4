import Foundation

extension FlightUsage {
    /// A drone's wear since its last service, measured on the stored telemetry (so at most the retention
    /// period back). Three stored samples missing in a row is a link outage, not flight time.
    package static func since(
        lastService record: DroneMaintenance, in store: any GroundStore, now: Date = Date()
    ) async throws(StoreError) -> FlightUsage {
        let samples = try await store.telemetry(
            droneID: record.droneID, from: record.lastServiceAt ?? .distantPast, to: now)
        let maxGap = max(30, 3 * store.telemetryPolicy.sampleInterval)
        return FlightUsage.measure(samples, maxGap: maxGap)
    }
}
