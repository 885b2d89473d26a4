import Foundation
import GRDB

/// One payload release and its proof of delivery, kept until ground has stored all of it: the release
/// (time, place, gripper confirmation) first, the photo once the camera delivered it (or why not), then
/// how far ground has acknowledged the upload.
public struct ProofRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "proofs"

    /// Where the photo step stands.
    public enum PhotoState: String, Codable, Sendable {
        /// The release is recorded; the camera has not been asked yet (or the agent restarted meanwhile).
        case pending
        /// `image` holds the photo.
        case taken
        /// No photo: `imageError` says why; the proof goes without one.
        case failed
    }

    public var assignmentID: String
    public var releasedAt: Int64
    public var lat: Double
    public var lon: Double
    public var altAmslM: Double
    public var altRelM: Double
    /// `ProofChunk.Gripper.Confirmation` raw value.
    public var gripperConfirmedBy: String
    public var gripperMissionSeq: Int?
    public var photoState: PhotoState
    public var image: Data?
    public var mediaType: String?
    public var sha256: String?
    public var imageError: String?
    /// Leading image bytes ground has stored, as its last acknowledgement said.
    public var ackedBytes: Int
    /// When ground acknowledged the whole proof (ms since the epoch); nil while uploading.
    public var completedAt: Int64?
    /// Ground refused the proof for good (why); it is not sent again.
    public var refused: String?

    /// A release as recorded, before its photo and upload.
    public init(
        assignmentID: String, releasedAt: Int64, lat: Double, lon: Double, altAmslM: Double, altRelM: Double,
        gripperConfirmedBy: String, gripperMissionSeq: Int?
    ) {
        self.assignmentID = assignmentID
        self.releasedAt = releasedAt
        self.lat = lat
        self.lon = lon
        self.altAmslM = altAmslM
        self.altRelM = altRelM
        self.gripperConfirmedBy = gripperConfirmedBy
        self.gripperMissionSeq = gripperMissionSeq
        photoState = .pending
        ackedBytes = 0
    }

    enum CodingKeys: String, CodingKey {
        case assignmentID = "assignmentId"
        case releasedAt, lat, lon, altAmslM, altRelM, gripperConfirmedBy, gripperMissionSeq, photoState, image
        case mediaType, sha256, imageError, ackedBytes, completedAt, refused
    }
}
