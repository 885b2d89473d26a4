/// One delivery in a drone's queue of the day plan. Times are seconds since epoch.
package struct PlannedJob: Sendable, Hashable {
    package var deliveryID: String
    package var droneID: String
    /// Place in the drone's queue (0: the next job it flies).
    package var queueIndex: Int
    /// When the drone takes off: never so early that it would wait at the pickup before the window opens.
    package var launchAt: Double
    package var etaPickup: Double
    package var etaDropoff: Double
    /// When it is back home and free for the next job.
    package var returnAt: Double
    /// Seconds on a depot pad (charging or swapping) right before this job; 0: none.
    package var rechargeSeconds: Double
    /// The depot it recharges at before this job.
    package var depotID: String?
    /// Energy the whole mission needs, Wh (without reserve).
    package var missionEnergyWh: Double
    /// Pickup after the window's end plus dropoff after the deadline, seconds (0: on time).
    package var lateSeconds: Double
    /// ± seconds either ETA may move: grows with the time the plan looks ahead.
    package var marginSeconds: Double
    package var cruiseAltitudeM: Double
    package var loadingSeconds: Double

    /// Whether the drone should get the `assign` now: it is the head of an idle drone's queue and its
    /// launch time has come.
    package func isDue(now: Double) -> Bool { queueIndex == 0 && launchAt <= now }
}
