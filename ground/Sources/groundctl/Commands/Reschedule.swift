import ArgumentParser
import GroundAPIModel
import GroundCore

/// `groundctl reschedule <id> [--dropoff lat,lon] [--window-start T --window-end T] [--deadline T]
/// [--priority standard|express]`: change a delivery
/// before pickup (its business's key or the operator's).
struct Reschedule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Change a delivery's dropoff, pickup window, deadline or priority before pickup; it is planned again with a new ETA."
    )
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Delivery id.") var id: String
    @Option(help: "New dropoff as lat,lon.") var dropoff: String?
    @Option(help: "New earliest pickup (ISO-8601), with --window-end.") var windowStart: String?
    @Option(help: "New latest pickup (ISO-8601), with --window-start.") var windowEnd: String?
    @Option(help: "New latest dropoff (ISO-8601).") var deadline: String?
    @Option(help: "New priority: standard or express.") var priority: String?

    func validate() throws {
        if (windowStart == nil) != (windowEnd == nil) {
            throw ValidationError("--window-start and --window-end go together")
        }
        if dropoff == nil, windowStart == nil, deadline == nil, priority == nil {
            throw ValidationError("name --dropoff, a window, --deadline or --priority")
        }
    }

    func run() async throws {
        var change = DeliveryChange()
        if let dropoff { change.dropoff = try Book.point(dropoff, "--dropoff") }
        if let windowStart, let windowEnd {
            change.window = DeliveryWindow(
                start: try Book.date(windowStart, "--window-start"), end: try Book.date(windowEnd, "--window-end"))
        }
        if let deadline { change.deadline = try Book.date(deadline, "--deadline") }
        if let priority {
            guard let level = DeliveryPriority(rawValue: priority) else {
                throw CLIError.invalidArgument("--priority", "expected standard or express")
            }
            change.priority = level
        }
        let (data, delivery) = try await options.client().value(
            DeliveryResponse.self, .PATCH, "/v1/deliveries/\(Path.escape(id))", body: change)
        if options.json { return Output.raw(data) }
        var table = Table(["ID", "STATUS", "ETA PICKUP", "ETA DROPOFF", "REASON"])
        table.add([
            delivery.id, Output.cell(delivery.status), Output.cell(delivery.eta.pickup),
            Output.cell(delivery.eta.dropoff), Output.cell(delivery.reason),
        ])
        print(table.render())
    }
}
