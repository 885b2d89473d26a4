import Foundation
import GRDB

/// One event waiting for the broker's QoS 1 acknowledgement.
public struct OutboxRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "outbox"

    /// Per-drone monotonic sequence number; also the publish order.
    public var eventSeq: Int64
    /// Full MQTT topic.
    public var topic: String
    /// Encoded message.
    public var payload: Data
    /// Milliseconds since the epoch when the event was recorded.
    public var createdAt: Int64
}
