import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func swapOrders() async throws(StoreError) -> [SwapOrder] {
        try await read("list swap orders") { db in
            try Self.fetchAll(db, sql: "SELECT * FROM swap_orders ORDER BY created_at, id") { row in
                try SwapOrder(row: row)
            }
        }
    }

    package func swapOrders(depotID: String) async throws(StoreError) -> [SwapOrder] {
        try await read("list swap orders of depot \(depotID)") { db in
            try Self.fetchAll(
                db, sql: "SELECT * FROM swap_orders WHERE depot_id = ? ORDER BY created_at, id", arguments: [depotID]
            ) { row in try SwapOrder(row: row) }
        }
    }

    package func saveSwapOrders(_ orders: [SwapOrder], deleting: [String]) async throws(StoreError) {
        guard !orders.isEmpty || !deleting.isEmpty else { return }
        try await write("save \(orders.count) swap orders, delete \(deleting.count)") { db in
            for order in orders {
                try db.execute(
                    sql: """
                        INSERT INTO swap_orders (id, drone_id, depot_id, delivery_id, needed_by, state,
                            battery_percent, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET delivery_id = excluded.delivery_id,
                            needed_by = excluded.needed_by, state = excluded.state,
                            battery_percent = excluded.battery_percent, updated_at = excluded.updated_at
                        """,
                    arguments: [
                        order.id, order.droneID, order.depotID, order.deliveryID,
                        order.neededBy?.timeIntervalSince1970, order.state.rawValue, order.batteryPercent,
                        order.createdAt.timeIntervalSince1970, order.updatedAt.timeIntervalSince1970,
                    ])
            }
            for id in deleting { try db.execute(sql: "DELETE FROM swap_orders WHERE id = ?", arguments: [id]) }
        }
    }
}
