// Simulated day of operations (issue 20, benchmarks/day): the same seeded demand (demand.py) flown in
// simulated time under each dispatcher. Prints one JSON object with every dispatcher's figures; run.py
// adds the OR-Tools offline bound and the whole-stack run and writes docs/benchmarks.md.
//
//   day-bench --demand day.json [--dispatchers idle,greedy,planner] [--tick 10]
import FleetProtocol
import Foundation
import GroundCore

struct UsageError: Error, CustomStringConvertible { var description: String }

func argument(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else {
        return nil
    }
    return CommandLine.arguments[index + 1]
}

/// The dispatchers this build can fly, for run.py.
let knownDispatchers = ["idle", "greedy", "planner", "planner-promises", "planner-quoted", "planner-promises-quoted"]
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
/// The learned-slack quote (GroundCore's PromiseQuoter), its defaults unless overridden for a sweep.
var quoteConfiguration = PromiseQuoter.Configuration()
if let value = argument("--quote-late-share").flatMap(Double.init) { quoteConfiguration.lateShare = value }
if let value = argument("--quote-tolerance").flatMap(Double.init) { quoteConfiguration.toleranceSeconds = value }
if let value = argument("--quote-initial-share").flatMap(Double.init) { quoteConfiguration.initialSlackShare = value }
if let value = argument("--quote-step-share").flatMap(Double.init) { quoteConfiguration.stepShare = value }
if let value = argument("--quote-latest-margin").flatMap(Double.init) {
    quoteConfiguration.latestMarginSeconds = value
}
/// The promise rule of the quoted planners (a sweep's override).
let quotedRule = argument("--quoted-rule").flatMap(DayPlanner.PromiseRule.init(rawValue:))
let names = (argument("--dispatchers") ?? "idle,greedy").split(separator: ",").map(String.init)

func fly(_ dispatcher: inout some DayDispatcher) throws -> DayMetrics {
    var simulation = DaySimulation(demand: demand, tickS: tick)
    let result = simulation.run(&dispatcher)
    if let prefix = argument("--outcomes") {
        // Per booking: first quote, when it was given, launch, dropoff and pickup, for studying where promises slip.
        let rows = result.outcomes.values.sorted { $0.deliveryIndex < $1.deliveryIndex }.map { outcome in
            [
                Double(outcome.deliveryIndex), result.firstQuote[outcome.deliveryIndex] ?? -1,
                result.firstQuoteAtS[outcome.deliveryIndex] ?? -1,
                outcome.launchS,
                outcome.dropoffS,
                outcome.pickupS,
            ]
        }
        try JSONEncoder().encode(rows).write(to: URL(fileURLWithPath: prefix + dispatcher.name + ".json"))
    }
    return DayMetrics(dispatcher: dispatcher.name, demand: demand, result: result)
}

var metrics: [String: DayMetrics] = [:]
for name in names {
    switch name {
    case "idle":
        var dispatcher = IdleOnlyDispatcher()
        metrics[name] = try fly(&dispatcher)
    case "greedy":
        var dispatcher = GreedyDispatcher()
        metrics[name] = try fly(&dispatcher)
    case "planner":
        var dispatcher = PlannerDispatcher(depots: demand.depots)
        metrics[name] = try fly(&dispatcher)
    case "planner-promises":
        // The same planner keeping promises ahead of new bookings due later (DayPlanner.PromiseRule).
        var dispatcher = PlannerDispatcher(depots: demand.depots, promiseRule: .beforeLaterDue)
        metrics[name] = try fly(&dispatcher)
    case "planner-quoted":
        var dispatcher = PlannerDispatcher(depots: demand.depots, promiseRule: quotedRule, quoter: quoteConfiguration)
        metrics[name] = try fly(&dispatcher)
    case "planner-promises-quoted":
        var dispatcher = PlannerDispatcher(
            depots: demand.depots, promiseRule: .beforeLaterDue, quoter: quoteConfiguration)
        metrics[name] = try fly(&dispatcher)
    default:
        throw UsageError(description: "unknown dispatcher \(name) (\(knownDispatchers.joined(separator: ", ")))")
    }
    FileHandle.standardError.write(Data("day-bench: \(name) done\n".utf8))
}
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys]
FileHandle.standardOutput.write(try encoder.encode(metrics))
FileHandle.standardOutput.write(Data("\n".utf8))
