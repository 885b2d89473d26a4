extension SimulationEngine {
    /// Puts landed, disarmed vehicles within `Depot.siteRadius` of a depot on its pads, first come first
    /// served up to the depot's pad count (the others wait), and takes the others off. Runs after every
    /// physics step, so a vehicle that arms or lifts off leaves its pad at once.
    func assignPads() {
        let depots = configuration.depots
        guard !depots.isEmpty else { return }
        var occupied = Array(repeating: 0, count: depots.count)
        var waiting: [(vehicle: Int, depot: Int, since: Double)] = []
        for i in vehicles.indices {
            guard let site = site(of: i) else {
                vehicles[i].pad = .offDepot
                continue
            }
            let pad = vehicles[i].pad
            if pad.holdsPad, pad.depot == site {
                occupied[site] += 1
            } else if case .waiting(site, let since) = pad {
                waiting.append((i, site, since))
            } else {
                waiting.append((i, site, time))
            }
        }
        for entry in waiting.sorted(by: { ($0.since, $0.vehicle) < ($1.since, $1.vehicle) }) {
            let depot = depots[entry.depot]
            if occupied[entry.depot] < depot.pads {
                occupied[entry.depot] += 1
                vehicles[entry.vehicle].pad =
                    depot.mode == .charge
                    ? .charging(depot: entry.depot, powerW: depot.chargePowerW) : .docked(depot: entry.depot)
                logger.debug(
                    "vehicle on a pad", metadata: ["drone": "\(entry.vehicle)", "depot": "\(depot.depotID)"])
            } else {
                vehicles[entry.vehicle].pad = .waiting(depot: entry.depot, since: entry.since)
            }
        }
    }

    /// The depot vehicle `index` is at: landed, disarmed and within `Depot.siteRadius` (nearest first).
    func site(of index: Int) -> Int? {
        let vehicle = vehicles[index]
        guard vehicle.landed, !vehicle.armed else { return nil }
        var best: (depot: Int, distance: Double)?
        for (d, offset) in depotOffsets[index].enumerated() {
            let delta = vehicle.kinematics.position - offset
            let distance = (delta.north * delta.north + delta.east * delta.east).squareRoot()
            if distance <= Depot.siteRadius, distance < best?.distance ?? .infinity { best = (d, distance) }
        }
        return best?.depot
    }

    /// `swap-battery`: starts exchanging the pack of a vehicle docked on a swap depot's pad; returns the
    /// swap's duration in simulated seconds.
    func orderSwap(_ index: Int) throws(ControlError) -> Double {
        let vehicle = vehicles[index]
        if vehicle.armed {
            throw .swapRefused(vehicle: index, reason: "armed; land and disarm on a swap depot's pad first")
        }
        guard !configuration.depots.isEmpty else {
            throw .swapRefused(vehicle: index, reason: "no depots configured (--depots-file)")
        }
        switch vehicle.pad {
        case .offDepot:
            throw .swapRefused(
                vehicle: index,
                reason:
                    "not at a depot (\(vehicle.landed ? "landed" : "flying"), none within \(Int(Depot.siteRadius)) m)")
        case .waiting(let d, _):
            let depot = configuration.depots[d]
            throw .swapRefused(
                vehicle: index, reason: "waiting for a pad at depot \(depot.depotID) (all \(depot.pads) taken)")
        case .charging(let d, _):
            throw .swapRefused(
                vehicle: index,
                reason: "depot \(configuration.depots[d].depotID) charges (mode charge), it does not swap")
        case .swapping(let d, _):
            throw .swapRefused(
                vehicle: index, reason: "a swap is already in progress at depot \(configuration.depots[d].depotID)")
        case .docked(let d):
            let seconds = configuration.depots[d].swapSeconds
            vehicles[index].pad = .swapping(depot: d, until: time + seconds)
            logger.info(
                "battery swap started",
                metadata: ["drone": "\(index)", "depot": "\(configuration.depots[d].depotID)", "seconds": "\(seconds)"])
            return seconds
        }
    }
}
