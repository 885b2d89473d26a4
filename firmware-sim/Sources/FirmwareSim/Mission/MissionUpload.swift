import MAVLink

/// An upload in progress: MISSION_COUNT received, items requested one by one.
struct MissionUpload: Sendable, Equatable {
    /// Who uploads (acks and requests go to them).
    let partnerSystem: UInt8
    let partnerComponent: UInt8
    /// MISSION, FENCE or RALLY.
    let missionType: MAVMissionType
    let count: Int
    var items: [MissionItemInt] = []
    /// Simulated time of the last request, for the retry timer.
    var lastRequest: Double
    var retries = 0

    static let maxRetries = 5
    /// Wall seconds between request retries (the spec's default item timeout is 250 ms-1.5 s).
    static let retryWallSeconds = 1.0

    var nextSeq: Int { items.count }
}
