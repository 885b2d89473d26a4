import MAVLink

extension AutopilotLink {
    /// MAV_COMP_ID_CAMERA: the first MAVLink camera of the vehicle's system.
    public static let cameraComponentID: UInt8 = 100

    /// Takes one photo with the vehicle's MAVLink camera (camera protocol v2): MAV_CMD_IMAGE_START_CAPTURE
    /// for a single image to component 100, its COMMAND_ACK, then CAMERA_IMAGE_CAPTURED with the file URL.
    /// Each attempt waits `ackTimeout` for the ack and `captureTimeout` after it for the image; a refusal
    /// throws at once (asking again would be refused again).
    public func capturePhoto(
        attempts: Int = 3, ackTimeout: Duration = .seconds(1), captureTimeout: Duration = .seconds(5)
    ) async throws(AutopilotError) -> CapturedPhoto {
        let vehicle = snapshot().systemID
        let camera = Self.cameraComponentID
        var acknowledged = false
        for attempt in 0..<max(1, attempts) {
            let frames = frames()
            try await send(
                CommandLong(
                    targetSystem: vehicle, targetComponent: camera, command: .imageStartCapture,
                    confirmation: UInt8(min(attempt, 255)), param1: 0, param2: 0, param3: 1,
                    param4: Float(attempt + 1)))
            let outcome = await Self.awaitCapture(
                in: frames, vehicle: vehicle, camera: camera, ackTimeout: ackTimeout, captureTimeout: captureTimeout)
            switch outcome {
            case .captured(let photo):
                return photo
            case .refused(let result):
                throw .commandRejected(command: MAVCmd.imageStartCapture.rawValue, result: result.rawValue)
            case .failedCapture(let index):
                throw .cameraFailed(reason: "CAMERA_IMAGE_CAPTURED \(index) reports capture_result 0")
            case .acknowledgedOnly:
                acknowledged = true
            case .silent:
                continue
            }
        }
        if acknowledged {
            throw .cameraFailed(reason: "the camera accepted the capture but sent no CAMERA_IMAGE_CAPTURED")
        }
        throw .noAck(command: MAVCmd.imageStartCapture.rawValue, attempts: max(1, attempts))
    }

    enum CaptureOutcome: Sendable {
        case captured(CapturedPhoto)
        case refused(MAVResult)
        case failedCapture(Int32)
        case acknowledgedOnly
        case silent
    }

    /// Follows one capture request through the camera's frames: its ack within `ackTimeout`, then the
    /// captured image within `captureTimeout` of the ack. The deadlines are checked on every frame of the
    /// link (the autopilot streams several a second), with a timer as the backstop for a silent link.
    static func awaitCapture(
        in frames: AsyncStream<MAVLinkFrame>, vehicle: UInt8, camera: UInt8, ackTimeout: Duration,
        captureTimeout: Duration
    ) async -> CaptureOutcome {
        let start = ContinuousClock.now
        return await withTaskGroup(of: CaptureOutcome.self) { group in
            group.addTask {
                var ackedAt: ContinuousClock.Instant?
                for await frame in frames {
                    let now = ContinuousClock.now
                    if let ackedAt {
                        if now - ackedAt > captureTimeout { return .acknowledgedOnly }
                    } else if now - start > ackTimeout {
                        return .silent
                    }
                    guard frame.systemID == vehicle, frame.componentID == camera else { continue }
                    switch frame.messageID {
                    case CommandAck.messageID:
                        guard let ack = try? frame.decode(as: CommandAck.self), ack.command == .imageStartCapture,
                            ack.result != .inProgress,
                            addressedToUs(system: ack.targetSystem, component: ack.targetComponent, vehicle: vehicle)
                        else { continue }
                        guard ack.result == .accepted else { return .refused(ack.result) }
                        ackedAt = ackedAt ?? now
                    case CameraImageCaptured.messageID:
                        guard let captured = try? frame.decode(as: CameraImageCaptured.self) else { continue }
                        guard captured.captureResult == 1 else { return .failedCapture(captured.imageIndex) }
                        return .captured(CapturedPhoto(captured))
                    default:
                        continue
                    }
                }
                return .silent
            }
            group.addTask {
                try? await Task.sleep(for: ackTimeout + captureTimeout + .seconds(1))
                return .silent
            }
            let outcome = await group.next() ?? .silent
            group.cancelAll()
            return outcome
        }
    }
}
