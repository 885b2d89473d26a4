/// The figures issue 20 asks for, from one simulated day.
struct DayMetrics: Encodable {
    var dispatcher: String
    var deliveries: Int
    var delivered: Int
    var onTime: Int
    /// Delivered by the deadline, over all bookings.
    var onTimeShare: Double
    var meanLatenessS: Double
    var p95LatenessS: Double
    /// |first quoted dropoff − actual dropoff| over delivered bookings that were quoted.
    var p50PromiseErrorS: Double
    var p95PromiseErrorS: Double
    var quoted: Int
    /// Of the quoted deliveries, the share that arrived before the first quote.
    var earlyShare: Double
    var deliveriesPerDroneHour: Double
    var meanDecideMs: Double
    var p95DecideMs: Double
    var maxDecideMs: Double
    var maxOpenAtDecide: Int
    var refusedLaunches: Int
    var meanLaunchToPickupS: Double
    var samples: [DaySimulation.Sample]

    init(dispatcher: String, demand: DayDemand, result: DaySimulation.Result) {
        self.dispatcher = dispatcher
        deliveries = demand.deliveries.count
        delivered = result.outcomes.count
        var lateness: [Double] = []
        var errors: [Double] = []
        var waited = 0.0
        var early = 0
        var onTime = 0
        for (index, outcome) in result.outcomes {
            let booking = demand.deliveries[index]
            let late = max(0, outcome.dropoffS - booking.deadlineS)
            lateness.append(late)
            if late == 0 { onTime += 1 }
            if let quote = result.firstQuote[index] {
                errors.append(abs(quote - outcome.dropoffS))
                if outcome.dropoffS < quote { early += 1 }
            }
            waited += max(0, outcome.pickupS - outcome.launchS) / Double(max(result.outcomes.count, 1))
        }
        self.onTime = onTime
        onTimeShare = Double(onTime) / Double(max(deliveries, 1))
        meanLatenessS = lateness.isEmpty ? 0 : lateness.reduce(0, +) / Double(lateness.count)
        p95LatenessS = Self.percentile(lateness, 0.95)
        p50PromiseErrorS = Self.percentile(errors, 0.5)
        p95PromiseErrorS = Self.percentile(errors, 0.95)
        quoted = errors.count
        earlyShare = Double(early) / Double(max(errors.count, 1))
        let droneHours = Double(demand.drones.count) * max(result.endS, 1) / 3600
        deliveriesPerDroneHour = Double(delivered) / droneHours
        let decide = result.decideSeconds.map { $0.seconds * 1000 }
        meanDecideMs = decide.isEmpty ? 0 : decide.reduce(0, +) / Double(decide.count)
        p95DecideMs = Self.percentile(decide, 0.95)
        maxDecideMs = decide.max() ?? 0
        maxOpenAtDecide = result.decideSeconds.map(\.open).max() ?? 0
        refusedLaunches = result.refusedLaunches
        meanLaunchToPickupS = waited
        samples = result.samples
    }

    static func percentile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = q * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down)), high = Int(rank.rounded(.up))
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }
}
