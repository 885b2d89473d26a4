import Foundation
import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func events(droneID: String, after: Int64, limit: Int) async throws(StoreError) -> [DroneEventRecord] {
        try await query(
            "list events \(droneID) after \(after)",
            """
            SELECT * FROM drone_events WHERE drone_id = \(droneID) AND event_seq > \(after) ORDER BY event_seq LIMIT \(limit)
            """
        ).map { row throws(StoreError) in try DroneEventRecord(row: row) }
    }
}
