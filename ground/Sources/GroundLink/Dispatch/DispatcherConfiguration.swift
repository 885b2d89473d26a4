import FleetProtocol
import GroundCore

/// Timing and policy of the ``MQTTDispatcher``.
package struct DispatcherConfiguration: Sendable {
    /// Topics the commands go out on.
    package var topics: FleetTopics
    /// A round runs at least this often even without a trigger (battery and positions change).
    package var roundInterval: Duration
    /// How long a drone has to answer an `assign` before it counts as a rejection.
    package var replyTimeout: Duration
    /// How long an HTTP create waits for the first round and the drone's reply (201 vs 202).
    package var requestWait: Duration
    /// A booking answered from the current plan asks for a round no sooner than this after the last one
    /// began: a burst of bookings is re-optimised by one round, not one round each.
    package var bookingRoundDelay: Duration
    /// Lifetime of a command on the wire (`expiresAtMs - issuedAtMs`).
    package var commandTTL: Duration
    /// Below this battery a drone is not offered work (the autopilot would turn back at 15 %).
    package var minimumBatteryPercent: Double
    /// The scheduler of the idle-only rounds (kept for its benchmark and the service area setting).
    package var scheduler: Scheduler
    /// The day planner run in each round (service area, depots, lateness weight, hysteresis).
    package var planner: DayPlanner
    /// Vehicle model for a drone whose state advertised no profile (agents before profiles were sent).
    package var vehicle: VehicleProfile

    package init(
        topics: FleetTopics = .default, roundInterval: Duration = .seconds(3), replyTimeout: Duration = .seconds(5),
        requestWait: Duration = .seconds(2), bookingRoundDelay: Duration = .seconds(1),
        commandTTL: Duration = .seconds(30), minimumBatteryPercent: Double = 25,
        scheduler: Scheduler = Scheduler(), planner: DayPlanner = DayPlanner(), vehicle: VehicleProfile = .default
    ) {
        self.topics = topics
        self.roundInterval = roundInterval
        self.replyTimeout = replyTimeout
        self.requestWait = requestWait
        self.bookingRoundDelay = bookingRoundDelay
        self.commandTTL = commandTTL
        self.minimumBatteryPercent = minimumBatteryPercent
        self.scheduler = scheduler
        self.planner = planner
        self.vehicle = vehicle
    }
}
