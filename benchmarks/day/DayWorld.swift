import FleetProtocol

/// What a dispatcher sees at one instant of the simulated day.
struct DayWorld {
    /// A drone as the dispatcher may plan it: where and when it is next free, and with how much charge.
    struct DroneView {
        var index: Int
        var droneID: String
        var home: GeoPoint
        var depotIndex: Int
        /// Seconds from the start of the day when it is back at its depot (now if it is there).
        var freeAtS: Double
        /// State of charge when it is back (or now, while on the ground; charging since does not count).
        var batteryPercent: Double
        /// On the ground at its depot and not flying a job.
        var isIdle: Bool
        /// On one of its depot's pads now (charging, or being swapped), until full or launched.
        var onPad = false
    }
    /// A booking not yet launched.
    struct OpenDelivery {
        var index: Int
        var booking: DayDemand.Booking
    }

    var nowS: Double
    var drones: [DroneView]
    var open: [OpenDelivery]
    var depots: [DayDemand.Depot]
    var profile: VehicleProfile
}

/// What a dispatcher decides at one instant.
struct DayDecision {
    /// Launch now: drone index → delivery index (the drone must be idle, the delivery open).
    var launches: [(drone: Int, delivery: Int)] = []
    /// Quoted dropoff time (seconds from day start) per delivery index; the first quote of each delivery is the
    /// promise the ETA error is measured against.
    var quotes: [Int: Double] = [:]
    /// Decide again at this time (seconds from day start) even if nothing happens: a planned launch is due.
    var wakeAtS: Double?
}

/// A dispatching policy driven in simulated time.
protocol DayDispatcher {
    var name: String { get }
    /// Called on every simulation event (booking, return, charge reached) and on every dispatch tick.
    mutating func decide(_ world: DayWorld) -> DayDecision
}
