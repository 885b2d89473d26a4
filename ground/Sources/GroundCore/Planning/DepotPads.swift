/// The depots' pads during one ``DayPlanner`` run: when each pad is next free, and per depot the first of
/// its earliest free pads (the one a drone back home takes), kept as the pads change: the search asks for
/// it for every drone that must recharge, and the pads change at most a few times per delivery placed.
struct DepotPads {
    private(set) var freeAt: [[Double]]
    /// Per depot, the index of the first pad with the earliest free time.
    private(set) var firstFree: [Int]
    /// Each depot's charger, read per drone (a depot's own methods would copy the depot, id and all).
    let chargers: [Charger]

    init(depots: [Depot], now: Double) {
        freeAt = depots.map { [Double](repeating: now, count: max($0.pads, 1)) }
        chargers = depots.map(\.charger)
        firstFree = [Int](repeating: 0, count: depots.count)
    }

    /// When pad `pad` of depot `depot` is next free.
    subscript(depot: Int, pad: Int) -> Double {
        get { freeAt[depot][pad] }
        set {
            freeAt[depot][pad] = newValue
            let times = freeAt[depot]
            firstFree[depot] = times.indices.min { times[$0] < times[$1] } ?? 0
        }
    }

    /// When depot `depot`'s first free pad is free.
    func earliest(_ depot: Int) -> Double { freeAt[depot][firstFree[depot]] }
}
