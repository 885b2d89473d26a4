// Simulated day of operations (issue 20, benchmarks/day): the same seeded demand (demand.py) flown in
// simulated time under each dispatcher. Prints one JSON object with every dispatcher's figures; run.py
// adds the OR-Tools offline bound and the whole-stack run and writes docs/benchmarks.md.
//
//   day-bench --demand day.json [--dispatchers idle,greedy,planner] [--tick 10]
import FleetProtocol
import Foundation

struct UsageError: Error, CustomStringConvertible { var description: String }

func argument(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else {
        return nil
    }
    return CommandLine.arguments[index + 1]
}

/// The dispatchers this build can fly, for run.py.
let knownDispatchers = ["idle", "greedy", "planner", "planner-promises"]
if CommandLine.arguments.contains("--list") {
    print(knownDispatchers.joined(separator: " "))
    exit(0)
}
guard let demandPath = argument("--demand") else {
    throw UsageError(description: "usage: day-bench --demand FILE [--dispatchers idle,greedy,planner] [--tick SECONDS]")
}
let demand = try JSONDecoder().decode(DayDemand.self, from: Data(contentsOf: URL(fileURLWithPath: demandPath)))
let tick = Double(argument("--tick") ?? "10") ?? 10

/// Per depot and booking, the legs' times and the energy from FleetProtocol's model, so offline_bound.py
/// solves the same flights (one model, not a Python copy of it).
struct JobTimes: Encodable {
    var toPickupS: [[Double]] // [depot][delivery]: launch → landed at the pickup (without loading)
    var loadingS: Double
    var toDropoffS: [Double] // pickup done → payload released
    var toHomeS: [[Double]] // [depot][delivery]: release → landed at the depot
    var energyWh: [[Double]]
    var requiredWh: [[Double]] // with the reserve
    var capacityWh: Double
}
if let path = argument("--job-times") {
    let profile = VehicleProfile.default
    let model = EnergyModel(vehicle: profile)
    var times = JobTimes(
        toPickupS: [], loadingS: profile.loadingSeconds, toDropoffS: [], toHomeS: [], energyWh: [], requiredWh: [],
        capacityWh: profile.batteryCapacityWh)
    for (row, depot) in demand.depots.enumerated() {
        var pickup: [Double] = [], home: [Double] = [], energy: [Double] = [], required: [Double] = []
        for booking in demand.deliveries {
            let estimate = model.estimate(
                RoutePlan(
                    home: depot.point, pickup: booking.pickup, dropoff: booking.dropoff, payloadKg: booking.payloadKg,
                    vehicle: profile))
            pickup.append((estimate.leg(.toPickup)?.durationS ?? 0) - profile.loadingSeconds)
            home.append(estimate.leg(.toHome)?.durationS ?? 0)
            energy.append(estimate.totalEnergyWh)
            required.append(estimate.requiredEnergyWh)
            if row == 0 { times.toDropoffS.append(estimate.leg(.toDropoff)?.durationS ?? 0) }
        }
        times.toPickupS.append(pickup)
        times.toHomeS.append(home)
        times.energyWh.append(energy)
        times.requiredWh.append(required)
    }
    try JSONEncoder().encode(times).write(to: URL(fileURLWithPath: path))
}
let names = (argument("--dispatchers") ?? "idle,greedy").split(separator: ",").map(String.init)

func fly(_ dispatcher: inout some DayDispatcher) -> DayMetrics {
    var simulation = DaySimulation(demand: demand, tickS: tick)
    let result = simulation.run(&dispatcher)
    return DayMetrics(dispatcher: dispatcher.name, demand: demand, result: result)
}

var metrics: [String: DayMetrics] = [:]
for name in names {
    switch name {
    case "idle":
        var dispatcher = IdleOnlyDispatcher()
        metrics[name] = fly(&dispatcher)
    case "greedy":
        var dispatcher = GreedyDispatcher()
        metrics[name] = fly(&dispatcher)
    case "planner":
        var dispatcher = PlannerDispatcher(depots: demand.depots)
        metrics[name] = fly(&dispatcher)
    case "planner-promises":
        // The same planner keeping promises ahead of new bookings due later (DayPlanner.PromiseRule).
        var dispatcher = PlannerDispatcher(depots: demand.depots, promiseRule: .beforeLaterDue)
        metrics[name] = fly(&dispatcher)
    default:
        throw UsageError(description: "unknown dispatcher \(name) (\(knownDispatchers.joined(separator: ", ")))")
    }
    FileHandle.standardError.write(Data("day-bench: \(name) done\n".utf8))
}
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys]
FileHandle.standardOutput.write(try encoder.encode(metrics))
FileHandle.standardOutput.write(Data("\n".utf8))
