import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func events(droneID: String, after: Int64, limit: Int) async throws(StoreError) -> [DroneEventRecord] {
        try await read("list events \(droneID) after \(after)") { db in
            try Self.fetchAll(
                db, sql: "SELECT * FROM drone_events WHERE drone_id = ? AND event_seq > ? ORDER BY event_seq LIMIT ?",
                arguments: [droneID, after, limit]
            ) { row in try DroneEventRecord(row: row) }
        }
    }
}
