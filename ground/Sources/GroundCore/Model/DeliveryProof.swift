import Foundation

/// Proof of delivery as ground keeps it: the drone's record of the payload release and, once the drone
/// has uploaded all of it, the photo taken at the drop point (its bytes are read separately).
package struct DeliveryProof: Sendable, Hashable {
    package var deliveryID: String
    package var droneID: String
    package var assignmentID: String
    package var releasedAt: Date
    package var lat: Double
    package var lon: Double
    package var altAmslM: Double
    package var altRelM: Double
    /// How the autopilot confirmed the release (`mission-progress` or `command-ack`).
    package var gripperConfirmedBy: String
    package var gripperMissionSeq: Int?
    package var gripperResult: String?
    /// The photo's media type, SHA-256 and size as the drone announced them; nil without a photo.
    package var imageMediaType: String?
    package var imageSHA256: String?
    package var imageTotalBytes: Int?
    /// Leading photo bytes stored so far.
    package var imageReceivedBytes: Int
    /// Whether the photo is complete and matched its SHA-256.
    package var imageComplete: Bool
    /// Why the drone has no photo.
    package var imageError: String?
    /// When ground first stored the proof.
    package var storedAt: Date

    package init(
        deliveryID: String, droneID: String, assignmentID: String, releasedAt: Date, lat: Double, lon: Double,
        altAmslM: Double, altRelM: Double, gripperConfirmedBy: String, gripperMissionSeq: Int? = nil,
        gripperResult: String? = nil, imageMediaType: String? = nil, imageSHA256: String? = nil,
        imageTotalBytes: Int? = nil, imageReceivedBytes: Int = 0, imageComplete: Bool = false,
        imageError: String? = nil, storedAt: Date
    ) {
        self.deliveryID = deliveryID
        self.droneID = droneID
        self.assignmentID = assignmentID
        self.releasedAt = releasedAt
        self.lat = lat
        self.lon = lon
        self.altAmslM = altAmslM
        self.altRelM = altRelM
        self.gripperConfirmedBy = gripperConfirmedBy
        self.gripperMissionSeq = gripperMissionSeq
        self.gripperResult = gripperResult
        self.imageMediaType = imageMediaType
        self.imageSHA256 = imageSHA256
        self.imageTotalBytes = imageTotalBytes
        self.imageReceivedBytes = imageReceivedBytes
        self.imageComplete = imageComplete
        self.imageError = imageError
        self.storedAt = storedAt
    }

    /// Whether ground has all the drone will send: the whole photo, or the release alone when there is none.
    package var isComplete: Bool { imageTotalBytes == nil ? true : imageComplete }
}
