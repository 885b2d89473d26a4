import Foundation
import GroundCore
import PostgresNIO

extension PostgresGroundStore {
    package func swapOrders() async throws(StoreError) -> [SwapOrder] {
        try await query("list swap orders", "SELECT * FROM swap_orders ORDER BY created_at, id")
            .map { row throws(StoreError) in try SwapOrder(row: row) }
    }

    package func swapOrders(depotID: String) async throws(StoreError) -> [SwapOrder] {
        try await query(
            "list swap orders of depot \(depotID)",
            "SELECT * FROM swap_orders WHERE depot_id = \(depotID) ORDER BY created_at, id"
        ).map { row throws(StoreError) in try SwapOrder(row: row) }
    }

    package func saveSwapOrders(_ orders: [SwapOrder], deleting: [String]) async throws(StoreError) {
        guard !orders.isEmpty || !deleting.isEmpty else { return }
        try await transaction("save \(orders.count) swap orders, delete \(deleting.count)") { connection, logger in
            for order in orders {
                let neededBy = order.neededBy?.timeIntervalSince1970
                let created = order.createdAt.timeIntervalSince1970
                let updated = order.updatedAt.timeIntervalSince1970
                try await connection.rows(
                    """
                    INSERT INTO swap_orders (id, drone_id, depot_id, delivery_id, needed_by, state,
                        battery_percent, created_at, updated_at)
                    VALUES (\(order.id), \(order.droneID), \(order.depotID), \(order.deliveryID), \(neededBy),
                        \(order.state.rawValue), \(order.batteryPercent), \(created), \(updated))
                    ON CONFLICT (id) DO UPDATE SET delivery_id = EXCLUDED.delivery_id,
                        needed_by = EXCLUDED.needed_by, state = EXCLUDED.state,
                        battery_percent = EXCLUDED.battery_percent, updated_at = EXCLUDED.updated_at
                    """, logger: logger)
            }
            for id in deleting {
                try await connection.rows("DELETE FROM swap_orders WHERE id = \(id)", logger: logger)
            }
        }
    }
}
