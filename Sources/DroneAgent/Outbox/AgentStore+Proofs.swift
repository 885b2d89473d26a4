import Foundation
import GRDB

extension AgentStore {
    static func registerProofMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-proofs") { db in
            try db.create(table: "proofs") { t in
                t.primaryKey("assignmentId", .text)
                t.column("releasedAt", .integer).notNull()
                t.column("lat", .double).notNull()
                t.column("lon", .double).notNull()
                t.column("altAmslM", .double).notNull()
                t.column("altRelM", .double).notNull()
                t.column("gripperConfirmedBy", .text).notNull()
                t.column("gripperMissionSeq", .integer)
                t.column("photoState", .text).notNull()
                t.column("image", .blob)
                t.column("mediaType", .text)
                t.column("sha256", .text)
                t.column("imageError", .text)
                t.column("ackedBytes", .integer).notNull().defaults(to: 0)
                t.column("completedAt", .integer)
                t.column("refused", .text)
            }
        }
    }

    /// Records a payload release once: a second record for the same assignment (the executor repeating a
    /// transition after a restart) keeps the first.
    public func recordRelease(_ record: ProofRecord) throws(AgentStoreError) {
        do { try pool.write { db in try record.insert(db, onConflict: .ignore) } } catch {
            throw AgentStoreError(operation: "record release of \(record.assignmentID)", underlying: error)
        }
    }

    /// Releases whose photo has not been taken yet, oldest first.
    public func releasesAwaitingPhoto() throws(AgentStoreError) -> [ProofRecord] {
        do {
            return try pool.read { db in
                try ProofRecord.filter(Column("photoState") == ProofRecord.PhotoState.pending.rawValue)
                    .order(Column("releasedAt")).fetchAll(db)
            }
        } catch {
            throw AgentStoreError(operation: "read releases awaiting a photo", underlying: error)
        }
    }

    /// Stores the photo of a release (or why there is none).
    public func attachPhoto(
        assignmentID: String, image: Data?, mediaType: String?, sha256: String?, error: String?
    ) throws(AgentStoreError) {
        do {
            try pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE proofs SET photoState = ?, image = ?, mediaType = ?, sha256 = ?, imageError = ?
                        WHERE assignmentId = ? AND photoState = 'pending'
                        """,
                    arguments: [
                        (image == nil ? ProofRecord.PhotoState.failed : .taken).rawValue, image, mediaType, sha256,
                        error, assignmentID,
                    ])
            }
        } catch {
            throw AgentStoreError(operation: "attach photo to \(assignmentID)", underlying: error)
        }
    }

    /// Proofs ready to upload and not yet complete or refused, oldest first.
    public func pendingProofUploads() throws(AgentStoreError) -> [ProofRecord] {
        do {
            return try pool.read { db in
                try ProofRecord.filter(Column("photoState") != ProofRecord.PhotoState.pending.rawValue)
                    .filter(Column("completedAt") == nil && Column("refused") == nil)
                    .order(Column("releasedAt")).fetchAll(db)
            }
        } catch {
            throw AgentStoreError(operation: "read pending proof uploads", underlying: error)
        }
    }

    /// One proof by assignment id.
    public func proof(assignmentID: String) throws(AgentStoreError) -> ProofRecord? {
        do { return try pool.read { db in try ProofRecord.fetchOne(db, key: assignmentID) } } catch {
            throw AgentStoreError(operation: "read proof \(assignmentID)", underlying: error)
        }
    }

    /// Applies ground's acknowledgement. `receivedBytes` replaces the count (ground may have lost a
    /// partial file and start over); a complete proof drops its image, which ground now keeps.
    public func acknowledgeProof(
        assignmentID: String, receivedBytes: Int, complete: Bool, refused: String?, now: Date = Date()
    ) throws(AgentStoreError) {
        do {
            try pool.write { db in
                if complete {
                    try db.execute(
                        sql: """
                            UPDATE proofs SET ackedBytes = ?, completedAt = ?, image = NULL
                            WHERE assignmentId = ? AND completedAt IS NULL
                            """, arguments: [receivedBytes, now.millis, assignmentID])
                } else if let refused {
                    try db.execute(
                        sql: "UPDATE proofs SET refused = ? WHERE assignmentId = ? AND completedAt IS NULL",
                        arguments: [refused, assignmentID])
                } else {
                    try db.execute(
                        sql: "UPDATE proofs SET ackedBytes = ? WHERE assignmentId = ? AND completedAt IS NULL",
                        arguments: [receivedBytes, assignmentID])
                }
            }
        } catch {
            throw AgentStoreError(operation: "acknowledge proof \(assignmentID)", underlying: error)
        }
    }
}
