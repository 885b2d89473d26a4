import Foundation

/// Proof of delivery, drone → ground on `…/proof` (QoS 1): the payload release (time, place, how the
/// gripper's release was confirmed) and one piece of the photo taken at the drop point.
///
/// Every chunk repeats the release record, so whichever chunk ground stores first creates the proof. The
/// agent sends the photo from the offset ground last acknowledged (``ProofAck``) and resends until ground
/// says the image is complete; ground stores a chunk only when it continues what it already has, so a
/// chunk repeated after a reconnect or a ground restart is harmless.
public struct ProofChunk: FleetMessage {
    public static let messageType = "proof-chunk"
    public static let topicKind = TopicKind.proof
    /// Largest photo a drone may send, bytes.
    public static let maxImageBytes = 8 * 1024 * 1024
    /// Largest piece of it in one message (raw bytes): base64 makes it 43,692 bytes, well inside
    /// ``FleetCodec/maxPayloadBytes`` with the release record around it.
    public static let maxChunkBytes = 32 * 1024

    public var droneID: DroneID
    public var assignmentID: String
    /// When the autopilot confirmed the release, ms since the epoch.
    public var releasedAtMs: Int64
    /// Where the vehicle was at the release (altitude AMSL and above home).
    public var position: Telemetry.Position
    public var gripper: Gripper
    /// A piece of the photo; nil when there is none (see `imageError`).
    public var image: ImagePart?
    /// Why there is no photo (no camera answered, the capture failed), ≤ 1024 bytes.
    public var imageError: String?

    /// How the release was confirmed by the autopilot.
    public struct Gripper: Codable, Hashable, Sendable {
        public enum Confirmation: String, Codable, CaseIterable, Hashable, Sendable {
            /// The release was a DO_GRIPPER mission item and the autopilot's mission progress moved past
            /// it (autopilots send no COMMAND_ACK for mission items).
            case missionProgress = "mission-progress"
            /// A COMMAND_LONG MAV_CMD_DO_GRIPPER answered by COMMAND_ACK.
            case commandAck = "command-ack"
        }
        public var confirmedBy: Confirmation
        /// The mission sequence number the autopilot reported when the release was confirmed.
        public var missionSeq: Int?
        /// With `command-ack`: the MAV_RESULT name, e.g. `MAV_RESULT_ACCEPTED`.
        public var result: String?

        public init(confirmedBy: Confirmation, missionSeq: Int? = nil, result: String? = nil) {
            self.confirmedBy = confirmedBy
            self.missionSeq = missionSeq
            self.result = result
        }
    }

    /// `data` is `totalBytes`' bytes `offset..<offset+n`, base64 on the wire.
    public struct ImagePart: Codable, Hashable, Sendable {
        /// `image/png` or `image/jpeg`.
        public var mediaType: String
        /// SHA-256 of the whole image, lower-case hex: ground checks the assembled file against it.
        public var sha256: String
        public var totalBytes: Int
        public var offset: Int
        public var data: Data

        public init(mediaType: String, sha256: String, totalBytes: Int, offset: Int, data: Data) {
            self.mediaType = mediaType
            self.sha256 = sha256
            self.totalBytes = totalBytes
            self.offset = offset
            self.data = data
        }

        public static let mediaTypes: Set<String> = ["image/png", "image/jpeg"]

        func validate(at path: String) throws(ProtocolError) {
            guard Self.mediaTypes.contains(mediaType) else {
                throw .invalidValue(
                    path: CodingPath.join(path, "mediaType"), reason: "must be image/png or image/jpeg")
            }
            guard sha256.utf8.count == 64,
                sha256.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            else {
                throw .invalidValue(path: CodingPath.join(path, "sha256"), reason: "must be 64 lower-case hex digits")
            }
            guard (1...ProofChunk.maxImageBytes).contains(totalBytes) else {
                throw .invalidValue(
                    path: CodingPath.join(path, "totalBytes"), reason: "must be 1...\(ProofChunk.maxImageBytes)")
            }
            guard (0..<totalBytes).contains(offset) else {
                throw .invalidValue(path: CodingPath.join(path, "offset"), reason: "must be 0..<totalBytes")
            }
            guard !data.isEmpty, data.count <= ProofChunk.maxChunkBytes, offset + data.count <= totalBytes else {
                throw .invalidValue(
                    path: CodingPath.join(path, "data"),
                    reason: "must hold 1...\(ProofChunk.maxChunkBytes) bytes ending within totalBytes")
            }
        }
    }

    public init(
        droneID: DroneID, assignmentID: String, releasedAtMs: Int64, position: Telemetry.Position, gripper: Gripper,
        image: ImagePart? = nil, imageError: String? = nil
    ) {
        self.droneID = droneID
        self.assignmentID = assignmentID
        self.releasedAtMs = releasedAtMs
        self.position = position
        self.gripper = gripper
        self.image = image
        self.imageError = imageError
    }

    public func validate() throws(ProtocolError) {
        try Check.identifier(assignmentID, "assignmentId")
        try Check.nonNegative(releasedAtMs, "releasedAtMs")
        try position.validate(at: "position")
        if let seq = gripper.missionSeq { try Check.nonNegative(seq, "gripper.missionSeq") }
        if let result = gripper.result { try Check.text(result, maxBytes: 64, "gripper.result") }
        if let image { try image.validate(at: "image") }
        if let imageError { try Check.text(imageError, maxBytes: 1024, "imageError") }
        if image == nil, imageError == nil {
            throw .missingField(path: "image")
        }
    }

    enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
        case assignmentID = "assignmentId"
        case releasedAtMs, position, gripper, image, imageError
    }
}
