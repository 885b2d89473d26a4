extension SimulationEngine {
    /// Executes one control line and returns the reply text (an `error: ...` line for bad input).
    func control(_ line: String) -> String {
        do {
            return try execute(line)
        } catch {
            logger.warning("control command rejected", metadata: ["line": "\(line)", "error": "\(error)"])
            return "error: \(error)"
        }
    }

    private func execute(_ line: String) throws(ControlError) -> String {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let verb = words.first else { return "" }
        switch verb {
        case "status":
            return vehicles.map { $0.statusLine(depots: configuration.depots) }.joined(separator: "\n")
        case "stats":
            let s = statistics
            return
                "time \(s.simulatedSeconds)s lag \(s.lagSeconds)s maxlag \(s.maxLagSeconds)s busy \(s.busySeconds)s cpu \(s.cpuSeconds)s sent \(s.framesSent) received \(s.framesReceived)"
                + " decode-errors \(s.decodeErrors) lost-link \(s.droppedByLinkLoss) lost-random \(s.droppedByMessageLoss)"
        case "fault":
            guard words.count >= 3 else { throw .missingArgument("fault <drone|all> <kind> [arg]") }
            let target = try vehicleIndex(words[1])
            let fault = try Fault(words: Array(words.dropFirst(2)))
            inject(fault, into: target)
            return "ok"
        case "payload":
            guard words.count >= 3 else { throw .missingArgument("payload <drone|all> load <kg>|drop") }
            let target = try vehicleIndex(words[1])
            let kg: Double
            switch words[2] {
            case "drop": kg = 0
            case "load":
                guard words.count >= 4 else { throw .missingArgument("payload kg") }
                guard let value = Double(words[3]), value >= 0, value.isFinite else {
                    throw .invalidNumber(String(words[3]), field: "payload kg")
                }
                kg = value
            default: throw .invalidValue(String(words[2]), field: "payload load|drop")
            }
            for i in target.map({ [$0] }) ?? Array(vehicles.indices) { vehicles[i].setPayload(kg) }
            return "ok"
        case "wind":
            guard words.count >= 3 else { throw .missingArgument("wind <north m/s> <east m/s> [gust m/s]") }
            guard let n = Double(words[1]), let e = Double(words[2]), n.isFinite, e.isFinite else {
                throw .invalidNumber("\(words[1]) \(words[2])", field: "wind")
            }
            if words.count >= 4 {
                guard let g = Double(words[3]), g.isFinite, g >= 0 else {
                    throw .invalidNumber(String(words[3]), field: "wind gust")
                }
                environment.gust = g
            }
            environment.wind = NED(north: n, east: e)
            return "ok"
        case "swap-battery":
            guard words.count >= 2 else { throw .missingArgument("swap-battery <drone>") }
            guard let target = try vehicleIndex(words[1]) else {
                throw .invalidValue(String(words[1]), field: "swap-battery drone (one drone, not 'all')")
            }
            let seconds = try orderSwap(target)
            return "ok swapping \(seconds)s"
        case "push":
            guard words.count >= 4 else { throw .missingArgument("push <drone|all> <north m> <east m>") }
            let target = try vehicleIndex(words[1])
            guard let n = Double(words[2]), n.isFinite else {
                throw .invalidNumber(String(words[2]), field: "push north m")
            }
            guard let e = Double(words[3]), e.isFinite else {
                throw .invalidNumber(String(words[3]), field: "push east m")
            }
            for i in target.map({ [$0] }) ?? Array(vehicles.indices) { vehicles[i].push(north: n, east: e) }
            return "ok"
        case "camera-http":
            guard words.count >= 2, words[1] == "stop" else { throw .missingArgument("camera-http stop") }
            guard var server = cameraWebServer else {
                throw .invalidValue("camera-http", field: "control command: no camera web server (--camera-http-port)")
            }
            if server.running {
                server.channel.close(promise: nil)
                server.running = false
                cameraWebServer = server
                logger.info("camera web server stopped", metadata: ["url": "\(server.baseURL)"])
            }
            return "ok"
        case "help":
            return SimulatorConfiguration.controlHelp
        default:
            throw .unknownCommand(String(verb))
        }
    }

    private func vehicleIndex(_ word: Substring) throws(ControlError) -> Int? {
        let index: Int?
        do {
            index = try ScheduledFault.vehicle(word)
        } catch {
            throw .noSuchVehicle(String(word), count: vehicles.count)
        }
        if let index, !vehicles.indices.contains(index) { throw .noSuchVehicle(String(word), count: vehicles.count) }
        return index
    }

}

extension SimulatorConfiguration {
    /// Control commands (stdin, control port), also printed by `firmware-sim --help`.
    public static let controlHelp = """
        status                              one line per drone
        stats                               simulation counters (lag, frames, drops)
        fault <drone|all> gps-loss on|off   GPS fix lost / regained (in the air: land)
        fault <drone|all> battery-sag <pct> battery loses <pct> % of capacity at once
        fault <drone|all> battery-fail      battery fails: reports empty, lands now
        fault <drone|all> link-loss <s>     nothing sent or received for <s> simulated seconds
        fault <drone|all> motor-fail        motor failure: descends and lands, cannot re-arm
        fault <drone|all> msg-loss <rate>   each message lost with probability <rate> (0..1)
        fault <drone|all> clear             removes gps/link/motor/msg-loss faults
        payload <drone|all> load <kg>|drop  sets the payload mass by hand
        wind <north> <east>                 wind velocity in m/s
        swap-battery <drone>                swap the pack on a swap depot's pad (landed, disarmed)
        push <drone|all> <north> <east>     moves the drone by metres at once (e.g. across a fence)
        wind <north> <east> [gust]          mean wind velocity and gust amplitude in m/s
        camera-http stop                    the cameras' web server goes down (photos keep their http:// URLs)
        help                                this list
        """
}
