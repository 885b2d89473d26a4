import Foundation
import GRDB

/// A reply already given to a command, kept so a re-delivered commandId gets the same answer.
public struct StoredReply: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "replies"

    public var commandID: String
    /// Encoded reply message, resent verbatim.
    public var reply: Data
    /// Milliseconds since the epoch after which the row may be pruned.
    public var expiresAt: Int64

    public init(commandID: String, reply: Data, expiresAt: Int64) {
        self.commandID = commandID
        self.reply = reply
        self.expiresAt = expiresAt
    }
    enum CodingKeys: String, CodingKey {
        case commandID = "commandId"
        case reply, expiresAt
    }
}
