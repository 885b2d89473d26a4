import ArgumentParser
import GroundAPIModel
import GroundCore

/// `groundctl override <id> <action> [--drone D] [--reason R]`: operator override of a delivery.
struct Override: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Operator override of a delivery: cancel, fail, reassign, or assign to a chosen drone.",
        discussion: """
            cancel: before pickup. fail: at any non-terminal status. reassign: take it off its drone before pickup \
            and schedule it again. assign --drone D: manual dispatch, offered to drone D only (still checked for \
            payload, energy and service area, and answered by the drone).
            """)

    /// The API's ``OverrideAction`` as an argument.
    enum Action: String, ExpressibleByArgument, CaseIterable {
        case cancel, fail, reassign, assign

        var apiAction: OverrideAction {
            switch self {
            case .cancel: .cancel
            case .fail: .fail
            case .reassign: .reassign
            case .assign: .assign
            }
        }
    }

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
        let body = OverrideRequest(action: action.apiAction, reason: reason, droneID: drone)
        let (data, delivery) = try await options.client().value(
            DeliveryResponse.self, .POST, "/v1/deliveries/\(Path.escape(id))/override", body: body)
        options.json
            ? Output.raw(data)
            : print("\(id): \(Output.cell(delivery.status)) \(Output.cell(delivery.droneID))")
    }
}
