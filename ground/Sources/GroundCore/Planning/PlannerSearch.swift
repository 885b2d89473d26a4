import FleetProtocol

/// What ``DayPlanner``'s search keeps over one plan, from one delivery to the next: the drones' route
/// groups (home and profile), the per-group caches of the delivery at hand, the routed legs, and the drones
/// in order of their optimistic bound. The order carries over on purpose: the sort is stable, so drones of
/// equal bound stay in the order the previous delivery left them, which decides between equal costs.
struct PlannerSearch {
    /// Route group of each drone.
    let groupOf: [Int]
    /// Per drone, what the search reads of it for every delivery, in flat arrays: reading a field of a
    /// drone's profile through the drones array copies the whole profile, string and all.
    let homes: [GeoPoint]
    let capacityWh: [Double]
    let cruiseSpeedMps: [Double]
    let maxPayloadKg: [Double]
    /// Drone id → index, for pins.
    let droneIndex: [String: Int]
    /// Drone id → every drone with that id, for the previous plan's drone (ids are compared once per
    /// delivery, not once per drone).
    let dronesByID: [String: [Int]]
    /// The delivery's route per group, costed at most once per delivery.
    var costs: [DayPlanner.RouteCosting?]
    /// Straight distances per group for the delivery, metres (negative: not measured yet).
    var homeToPickup: [Double]
    var dropoffToHome: [Double]
    /// Straight flight from home through the delivery at cruise speed per group, seconds (negative: not
    /// measured yet): the optimistic bound of every drone of the group waiting at home, less its wait.
    var homeFlightS: [Double]
    /// Every drone with its optimistic bound for the delivery, in bound order.
    var byBound: [(bound: Double, drone: Int)]
    /// Whether each drone is the one the previous plan gave the delivery at hand.
    var isPrevious: [Bool]
    var routes: PlannerRoutes
    /// The sort's scratch: per group, its drones with their bound and place in the previous order.
    private let groupCount: Int
    private var runs: [(bound: Double, rank: Int, drone: Int)]
    private var heads: [Int]

    init(drones: [PlannerDrone], routes: PlannerRoutes) {
        droneIndex = Dictionary(drones.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        dronesByID = Dictionary(grouping: drones.indices, by: { drones[$0].id })
        homes = drones.map(\.home)
        capacityWh = drones.map(\.profile.batteryCapacityWh)
        cruiseSpeedMps = drones.map(\.profile.cruiseSpeedMps)
        maxPayloadKg = drones.map(\.profile.maxPayloadKg)
        // Drones sharing a home and a profile share every route's energy and times.
        var groupOf = [Int](repeating: 0, count: drones.count)
        var groupKeys: [RouteGroup: Int] = [:]
        for (index, drone) in drones.enumerated() {
            let key = RouteGroup(home: drone.home, profile: drone.profile)
            if let group = groupKeys[key] {
                groupOf[index] = group
            } else {
                groupOf[index] = groupKeys.count
                groupKeys[key] = groupKeys.count
            }
        }
        self.groupOf = groupOf
        costs = [DayPlanner.RouteCosting?](repeating: nil, count: groupKeys.count)
        homeToPickup = [Double](repeating: -1, count: groupKeys.count)
        dropoffToHome = [Double](repeating: -1, count: groupKeys.count)
        homeFlightS = [Double](repeating: -1, count: groupKeys.count)
        byBound = drones.indices.map { (0, $0) }
        isPrevious = [Bool](repeating: false, count: drones.count)
        self.routes = routes
        groupCount = groupKeys.count
        runs = [(bound: Double, rank: Int, drone: Int)](repeating: (0, 0, 0), count: drones.count)
        heads = [Int](repeating: 0, count: 2 * groupKeys.count + 1)
    }

    /// Forgets the previous delivery's routes and distances.
    mutating func reset() {
        for group in costs.indices {
            costs[group] = nil
            homeToPickup[group] = -1
            dropoffToHome[group] = -1
            homeFlightS[group] = -1
        }
    }

    /// Sorts ``byBound`` by bound, stably (drones of equal bound keep their order), as
    /// `byBound.sort { $0.bound < $1.bound }` does, in fewer steps: a drone's bound moves with its group's
    /// distances from one delivery to the next, and within a group with its free time, which changes for one
    /// drone per delivery placed. So each group's drones, taken in the previous order, are nearly sorted:
    /// an insertion sort puts them in order of bound, then of previous place, and a merge of the groups by
    /// the same two keys gives the order a stable sort gives. A bound that is not a number has no order;
    /// then the library's sort decides, as before.
    mutating func sortByBound() {
        guard groupCount > 1, !byBound.contains(where: { $0.bound.isNaN }) else {
            byBound.sort { $0.bound < $1.bound }
            return
        }
        let groups = groupCount
        groupOf.withUnsafeBufferPointer { groupOf in
            byBound.withUnsafeMutableBufferPointer { byBound in
                runs.withUnsafeMutableBufferPointer { runs in
                    heads.withUnsafeMutableBufferPointer { heads in
                        // heads[group]: where the group's run starts, then its next free place; ends after it.
                        for group in 0...groups { heads[group] = 0 }
                        for entry in byBound { heads[groupOf[entry.drone] + 1] += 1 }
                        for group in 0..<groups { heads[group + 1] += heads[group] }
                        for (rank, entry) in byBound.enumerated() {
                            let group = groupOf[entry.drone]
                            runs[heads[group]] = (entry.bound, rank, entry.drone)
                            heads[group] += 1
                        }
                        // Each run now ends at heads[group] and starts where the previous one ends.
                        for group in 0..<groups {
                            let start = group == 0 ? 0 : heads[group - 1], end = heads[group]
                            guard end - start > 1 else { continue }
                            for next in (start + 1)..<end {
                                let item = runs[next]
                                var place = next
                                while place > start, runs[place - 1].bound > item.bound {
                                    runs[place] = runs[place - 1]
                                    place -= 1
                                }
                                runs[place] = item
                            }
                        }
                        // Merge: heads[groups + group] is the group's end, heads[group] its next unmerged one.
                        for group in stride(from: groups - 1, through: 0, by: -1) {
                            heads[groups + 1 + group] = heads[group]
                            heads[group] = group == 0 ? 0 : heads[group - 1]
                        }
                        for out in byBound.indices {
                            var pick = -1
                            for group in 0..<groups where heads[group] < heads[groups + 1 + group] {
                                guard pick >= 0 else {
                                    pick = group
                                    continue
                                }
                                let candidate = runs[heads[group]], current = runs[heads[pick]]
                                if candidate.bound < current.bound
                                    || (candidate.bound == current.bound && candidate.rank < current.rank)
                                {
                                    pick = group
                                }
                            }
                            let taken = runs[heads[pick]]
                            byBound[out] = (taken.bound, taken.drone)
                            heads[pick] += 1
                        }
                    }
                }
            }
        }
    }
}
