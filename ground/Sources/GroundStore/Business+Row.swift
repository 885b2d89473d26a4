import Foundation
import GroundCore

extension Business {
    /// Builds a business from a `businesses` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        self.init(
            id: try row.text("id"), name: try row.text("name"), apiKeyHash: try row.text("api_key_hash"),
            createdAt: Date(timeIntervalSince1970: try row.double("created_at")),
            previousKeyHash: try row.optionalText("previous_api_key_hash"),
            previousKeyExpiresAt: try row.optionalDouble("previous_key_expires_at").map(
                Date.init(timeIntervalSince1970:))
        )
    }
}
