import MAVLink

/// A MAVLink camera on the vehicle's system with its own component id, as a payload camera is on a real
/// drone (MAVLink camera protocol v2): HEARTBEAT with MAV_TYPE_CAMERA, CAMERA_INFORMATION on request,
/// MAV_CMD_IMAGE_START_CAPTURE answered with COMMAND_ACK and then CAMERA_IMAGE_CAPTURED once the
/// image file is written. A plain value like `Vehicle`: the engine writes the files.
public struct SimulatedCamera: Sendable {
    /// MAV_COMP_ID_CAMERA.
    public static let componentID: UInt8 = 100

    /// One photo: where and when it was taken and, once written, where its file is.
    public struct Capture: Sendable, Hashable {
        /// Zero-based, counting every capture of this camera.
        public var index: Int32
        public var timeBootMs: UInt32
        public var timeUTCMicros: UInt64
        public var latitudeE7: Int32
        public var longitudeE7: Int32
        /// AMSL, mm.
        public var altitudeMm: Int32
        /// Above home, mm.
        public var relativeAltitudeMm: Int32
        /// Whether the parcel lies below (the gripper has released it).
        public var parcelReleased: Bool
        /// `file://` URL of the written image; nil until written or when writing failed.
        public var fileURL: String?
        public var succeeded = false

        public init(
            index: Int32, timeBootMs: UInt32, timeUTCMicros: UInt64, latitudeE7: Int32, longitudeE7: Int32,
            altitudeMm: Int32, relativeAltitudeMm: Int32, parcelReleased: Bool
        ) {
            self.index = index
            self.timeBootMs = timeBootMs
            self.timeUTCMicros = timeUTCMicros
            self.latitudeE7 = latitudeE7
            self.longitudeE7 = longitudeE7
            self.altitudeMm = altitudeMm
            self.relativeAltitudeMm = relativeAltitudeMm
            self.parcelReleased = parcelReleased
        }

        /// CAMERA_IMAGE_CAPTURED for this capture (camera_id 0: the camera is its own MAVLink component).
        var message: CameraImageCaptured {
            CameraImageCaptured(
                timeBootMs: timeBootMs, timeUtc: timeUTCMicros, cameraID: 0, lat: latitudeE7, lon: longitudeE7,
                alt: altitudeMm, relativeAlt: relativeAltitudeMm, q: [1, 0, 0, 0], imageIndex: index,
                captureResult: succeeded ? 1 : 0, fileUrl: fileURL ?? "")
        }
    }

    /// Captures taken, written or failed, by index.
    public internal(set) var captures: [Capture] = []
    /// Captures waiting for the engine to write their file.
    public internal(set) var pending: [Capture] = []

    public init() {}

    var heartbeat: Heartbeat {
        Heartbeat(
            type: .camera, autopilot: .invalid, baseMode: [], customMode: 0, systemStatus: .active, mavlinkVersion: 3)
    }

    /// CAMERA_INFORMATION: capture of still images only (CAMERA_CAP_FLAGS_CAPTURE_IMAGE = 2), no
    /// camera definition file.
    func information(timeBootMs: UInt32) -> CameraInformation {
        CameraInformation(
            timeBootMs: timeBootMs, vendorName: Array("SkyRelay".utf8) + Array(repeating: 0, count: 24),
            modelName: Array("firmware-sim camera".utf8) + Array(repeating: 0, count: 13), firmwareVersion: 1,
            focalLength: 4.5, sensorSizeH: 6.17, sensorSizeV: 4.63, resolutionH: UInt16(DropPointImage.width),
            resolutionV: UInt16(DropPointImage.height), lensID: 0, flags: 2, camDefinitionVersion: 0,
            camDefinitionUri: "")
    }
}
