import ArgumentParser

/// `groundctl override <id> <action> [--drone D] [--reason R]`: operator override of a delivery.
struct Override: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Operator override of a delivery: cancel, fail, reassign, or assign to a chosen drone.",
        discussion: """
            cancel: before pickup. fail: at any non-terminal status. reassign: take it off its drone before pickup \
            and schedule it again. assign --drone D: manual dispatch, offered to drone D only (still checked for \
            payload, energy and service area, and answered by the drone).
            """)

    enum Action: String, ExpressibleByArgument, CaseIterable { case cancel, fail, reassign, assign }

    @OptionGroup var options: GlobalOptions
    @Argument(help: "Delivery id.") var id: String
    @Argument(help: "cancel, fail, reassign or assign.") var action: Action
    @Option(help: "The drone for assign.") var drone: String?
    @Option(help: "Reason recorded with the change.") var reason: String?

    func validate() throws {
        if action == .assign, drone == nil { throw ValidationError("assign needs --drone") }
        if action != .assign, drone != nil { throw ValidationError("--drone goes with assign only") }
    }

    func run() async throws {
        var body: [String: Any] = ["action": action.rawValue]
        if let drone { body["droneId"] = drone }
        if let reason { body["reason"] = reason }
        let (data, object) = try await options.client().object(.POST, "/v1/deliveries/\(Path.escape(id))/override", body: body)
        options.json
            ? Output.raw(data)
            : print("\(id): \(Output.cell(object["status"])) \(Output.cell(object["droneId"]))")
    }
}
