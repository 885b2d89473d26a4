import FirmwareSim
import MAVLink

/// Drives one `Vehicle` directly, without sockets or clocks: frames go in through the same
/// `receive` the engine uses, time advances in the engine's fixed steps, and everything the vehicle
/// sends is parsed back. Deterministic, so it checks physics and failsafes over long flights quickly.
struct VehicleHarness {
    var vehicle: Vehicle
    var environment: SimulationEnvironment
    private var encoder = MAVLinkEncoder(systemID: 255, componentID: 190)
    private var parser = MAVLinkStreamParser()
    /// Every frame the vehicle sent, oldest first.
    private(set) var sent: [MAVLinkFrame] = []
    static let step = 0.02

    init(
        profile: AirframeModel = AirframeModel(), environment: SimulationEnvironment = SimulationEnvironment(),
        rates: StreamRates = StreamRates(), seed: UInt64 = 1, personality: AutopilotPersonality = .px4
    ) {
        vehicle = Vehicle(
            index: 0, systemID: 1, home: SimFixture.home, profile: profile, rates: rates, seed: seed,
            personality: personality)
        self.environment = environment
    }

    /// Hands one message to the vehicle as if it came over the link.
    mutating func send(_ message: some MAVLinkMessage) throws {
        var inbound = MAVLinkStreamParser()
        for frame in inbound.parse(encoder.encode(message)) {
            try vehicle.receive(frame, environment: environment)
        }
        collect()
    }

    /// COMMAND_LONG, returning the COMMAND_ACK result.
    mutating func command(_ command: MAVCmd, _ params: Float...) throws -> MAVResult? {
        let p = params + Array(repeating: 0, count: max(0, 7 - params.count))
        let before = sent.count
        try send(
            CommandLong(
                targetSystem: 1, targetComponent: 1, command: command, confirmation: 0,
                param1: p[0], param2: p[1], param3: p[2], param4: p[3], param5: p[4], param6: p[5], param7: p[6]))
        return sent[before...].compactMap {
            $0.messageID == CommandAck.messageID ? try? $0.decode(as: CommandAck.self) : nil
        }
        .first { $0.command == command }?.result
    }

    /// Steps `seconds` of simulated time, or until `until` holds (checked every step).
    @discardableResult
    mutating func run(seconds: Double, until: (Vehicle) -> Bool = { _ in false }) -> Bool {
        var t = 0.0
        while t < seconds {
            vehicle.step(dt: Self.step, environment: environment)
            collect()
            t += Self.step
            if until(vehicle) { return true }
        }
        return false
    }

    /// Decoded messages of one type the vehicle sent so far.
    func messages<M: MAVLinkMessage>(_ type: M.Type) -> [M] {
        sent.compactMap { $0.messageID == M.messageID ? try? $0.decode(as: M.self) : nil }
    }

    private mutating func collect() {
        sent += parser.parse(vehicle.outbox.bytes)
        vehicle.clearOutbox()
    }
}

extension VehicleHarness {
    /// Uploads `items` with the mission protocol (answering each MISSION_REQUEST_INT); the MISSION_ACK result.
    mutating func upload(_ items: [MissionItemInt], type: MAVMissionType = .mission) throws -> MAVMissionResult? {
        var consumed = sent.count
        try send(MissionCount(targetSystem: 1, targetComponent: 1, count: UInt16(items.count), missionType: type))
        while consumed < sent.count {
            let frame = sent[consumed]
            consumed += 1
            if frame.messageID == MissionAck.messageID { return try frame.decode(as: MissionAck.self).type }
            if frame.messageID == MissionRequestInt.messageID {
                let request = try frame.decode(as: MissionRequestInt.self)
                var item = items[Int(request.seq)]
                item.missionType = type
                try send(item)
            }
        }
        return nil
    }

    /// Arms and takes off to `altitude` m above home, then holds there.
    mutating func takeOff(to altitude: Double) throws {
        _ = try command(.componentArmDisarm, 1)
        _ = try command(.navTakeoff, 0, 0, 0, .nan, 0, 0, Float(SimFixture.home.altitude + altitude))
        run(seconds: 120) { $0.mode == .hold && !$0.landed }
    }

    /// Downloads every item of `type` with MISSION_REQUEST_LIST / MISSION_REQUEST_INT.
    mutating func download(_ type: MAVMissionType = .mission) throws -> [MissionItemInt] {
        let before = sent.count
        try send(MissionRequestList(targetSystem: 1, targetComponent: 1, missionType: type))
        guard let count = messages(MissionCount.self, since: before).last?.count else { return [] }
        var items: [MissionItemInt] = []
        for seq in 0..<count {
            let mark = sent.count
            try send(MissionRequestInt(targetSystem: 1, targetComponent: 1, seq: seq, missionType: type))
            items += messages(MissionItemInt.self, since: mark)
        }
        return items
    }

    /// Decoded messages of one type sent after `index` frames.
    func messages<M: MAVLinkMessage>(_ type: M.Type, since index: Int) -> [M] {
        sent[index...].compactMap { $0.messageID == M.messageID ? try? $0.decode(as: M.self) : nil }
    }

    /// STATUSTEXTs sent after `index` frames.
    func texts(since index: Int) -> [String] { messages(Statustext.self, since: index).map(\.text) }

    /// Frames sent so far (a mark for `messages(_:since:)`).
    var mark: Int { sent.count }

    /// Flight modes in the order the heartbeats showed them (repeats collapsed).
    var modeHistory: [FlightMode] {
        messages(Heartbeat.self).compactMap(SimFixture.mode).reduce(into: []) { modes, mode in
            if modes.last != mode { modes.append(mode) }
        }
    }
}
