import Foundation
import MAVLink

/// What a MAVLink camera reported for one photo (CAMERA_IMAGE_CAPTURED).
public struct CapturedPhoto: Sendable, Hashable {
    public var index: Int32
    /// Where the image is: `file://` on the companion computer's storage, or the camera's own `http(s)://`.
    public var fileURL: String
    /// When the camera took it, µs since the epoch (0: the camera does not know).
    public var timeUTCMicros: UInt64
    public var latitude: Double
    public var longitude: Double
    public var altitudeAMSL: Double

    init(_ message: CameraImageCaptured) {
        index = message.imageIndex
        fileURL = message.fileUrl
        timeUTCMicros = message.timeUtc
        latitude = Double(message.lat) / 1e7
        longitude = Double(message.lon) / 1e7
        altitudeAMSL = Double(message.alt) / 1000
    }

    /// The media type from the file's first bytes (PNG or JPEG signature), nil for anything else.
    public static func mediaType(of data: Data) -> String? {
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        return nil
    }
}
