import MAVLink

extension Vehicle {
    /// A COMMAND_LONG/INT addressed to the camera component. Without a camera nobody answers, as on a
    /// real link where no component has that id (PX4 and ArduPilot only take commands for their own
    /// component or for all).
    mutating func receiveCameraCommand(_ command: Command, from sender: Sender, environment: SimulationEnvironment) {
        guard camera != nil else { return }
        let result = executeCameraCommand(command, from: sender, environment: environment)
        outbox.send(
            CommandAck(
                command: command.id, result: result, targetSystem: sender.system, targetComponent: sender.component),
            fromComponent: SimulatedCamera.componentID)
    }

    private mutating func executeCameraCommand(
        _ command: Command, from sender: Sender, environment: SimulationEnvironment
    ) -> MAVResult {
        guard var camera else { return .unsupported }
        defer { self.camera = camera }
        switch command.id {
        case .imageStartCapture:
            // param3 = total images; 1 is a single shot. Interval capture (0 or > 1) is a mode this
            // camera lacks, so it is refused rather than imitated with one photo.
            guard command.param(3) == 1 else { return .denied }
            guard camera.pending.isEmpty else { return .temporarilyRejected }
            let geo = position
            camera.pending.append(
                SimulatedCamera.Capture(
                    index: Int32(camera.captures.count + camera.pending.count), timeBootMs: timeBootMs,
                    timeUTCMicros: environment.epochMicros + UInt64(max(0, time) * 1e6),
                    latitudeE7: Int32((geo.latitude * 1e7).rounded()),
                    longitudeE7: Int32((geo.longitude * 1e7).rounded()),
                    altitudeMm: Int32((geo.altitude * 1000).rounded()),
                    relativeAltitudeMm: Int32((-kinematics.position.down * 1000).rounded()),
                    parcelReleased: payload == 0))
            return .accepted
        case .requestMessage:
            switch UInt32(max(0, command.param(1))) {
            case CameraInformation.messageID:
                outbox.send(camera.information(timeBootMs: timeBootMs), fromComponent: SimulatedCamera.componentID)
                return .accepted
            case CameraImageCaptured.messageID:
                // param2: the image index (the camera protocol's way to fetch a missed capture).
                let index = Int(command.param(2))
                guard camera.captures.indices.contains(index) else { return .failed }
                outbox.send(camera.captures[index].message, fromComponent: SimulatedCamera.componentID)
                return .accepted
            default:
                return .denied
            }
        default:
            return .unsupported
        }
    }

    /// The engine wrote (or failed to write) the image of the oldest pending capture: CAMERA_IMAGE_CAPTURED.
    public mutating func completeCapture(fileURL: String?) {
        guard var camera, !camera.pending.isEmpty else { return }
        var capture = camera.pending.removeFirst()
        capture.fileURL = fileURL
        capture.succeeded = fileURL != nil
        camera.captures.append(capture)
        self.camera = camera
        outbox.send(capture.message, fromComponent: SimulatedCamera.componentID)
    }

    /// The camera's heartbeat, sent with the autopilot's.
    mutating func sendCameraHeartbeat() {
        guard let camera else { return }
        outbox.send(camera.heartbeat, fromComponent: SimulatedCamera.componentID)
    }
}
