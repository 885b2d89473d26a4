import Foundation
import GroundCore

/// `GET /v1/deliveries/{id}/proof`: where and when the drone released the parcel, how the release was
/// confirmed, and the photo taken at the drop point.
package struct DeliveryProofResponse: Codable, Sendable, Hashable {
    package struct Position: Codable, Sendable, Hashable {
        package var lat: Double
        package var lon: Double
        package var altAmslM: Double
        package var altRelM: Double
    }

    package struct Gripper: Codable, Sendable, Hashable {
        package var confirmedBy: String
        package var missionSeq: Int?
        package var result: String?
    }

    package struct Image: Codable, Sendable, Hashable {
        package var mediaType: String
        package var bytes: Int
        package var sha256: String
        /// Where the photo is served, with the tracking token when the proof was opened with one.
        package var url: String
    }

    package var deliveryID: String
    package var droneID: String
    package var releasedAt: Date
    package var position: Position
    package var gripper: Gripper
    /// `stored` (the photo is whole and checked), `uploading` (the drone is still sending it) or `none`.
    package var imageStatus: String
    /// Only once `imageStatus` is `stored`.
    package var image: Image?
    /// Why the drone has no photo.
    package var imageError: String?

    package init(_ proof: DeliveryProof, imageURL: String) {
        deliveryID = proof.deliveryID
        droneID = proof.droneID
        releasedAt = proof.releasedAt
        position = Position(lat: proof.lat, lon: proof.lon, altAmslM: proof.altAmslM, altRelM: proof.altRelM)
        gripper = Gripper(
            confirmedBy: proof.gripperConfirmedBy, missionSeq: proof.gripperMissionSeq, result: proof.gripperResult)
        imageError = proof.imageError
        if let total = proof.imageTotalBytes, let mediaType = proof.imageMediaType, let sha256 = proof.imageSHA256 {
            imageStatus = proof.imageComplete ? "stored" : "uploading"
            image =
                proof.imageComplete
                ? Image(mediaType: mediaType, bytes: total, sha256: sha256, url: imageURL) : nil
        } else {
            imageStatus = "none"
            image = nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case deliveryID = "deliveryId"
        case droneID = "droneId"
        case releasedAt, position, gripper, imageStatus, image, imageError
    }
}
