/// How the day planner treats a delivery's promise (its first quoted dropoff ETA): where promised
/// deliveries go among new bookings, and whether a launch is held so the drone lands on the promise.
/// docs/ground-control.md (Day planning) says why both default to flying the plan as booked and early.
package struct PromisePolicy: Sendable, Equatable {
    package var rule: DayPlanner.PromiseRule
    package var holdsLaunch: Bool

    package init(rule: DayPlanner.PromiseRule = .none, holdsLaunch: Bool = false) {
        self.rule = rule
        self.holdsLaunch = holdsLaunch
    }
}
