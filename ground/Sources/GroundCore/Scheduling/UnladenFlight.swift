import FleetProtocol

/// The empty legs of one ``VehicleProfile`` as a few numbers (no copy of the profile, no call into
/// FleetProtocol per pair): climb to cruise altitude, cruise from rest to rest, descend, all without
/// payload, for the ways out to a pickup and back home.
///
/// Past the two speed ramps a cruise's time and energy are linear in its length, so they are kept as
/// slope and offset. These are ``VehicleProfile``'s formulas but not its bits (the operations are
/// regrouped): a round uses them only with margins (``verdict(_:)``) and evaluates the pair with the
/// profile's own legs wherever the margins leave a doubt.
struct UnladenFlight {
    /// Shortest cruise that reaches cruise speed (both ramps), metres; below it nothing is decided here.
    let linearFromM: Double
    /// Climb + descend + a cruise's time is `fixedS + secondsPerM · d`.
    let fixedS: Double, secondsPerM: Double
    /// A cruise's energy is `cruiseFixedWh + whPerM · d`; `verticalWh` is one climb and two descents.
    let cruiseFixedWh: Double, whPerM: Double, verticalWh: Double

    init(_ profile: VehicleProfile) {
        let climb = profile.climb(profile.defaultCruiseAltitudeM, payloadKg: 0)
        let descend = profile.descend(profile.defaultCruiseAltitudeM, payloadKg: 0)
        let speed = profile.cruiseSpeedMps, accel = profile.horizontalAccelMps2
        let rampM = speed * speed / (2 * accel), rampS = speed / accel
        linearFromM = 2 * rampM
        secondsPerM = 1 / speed
        fixedS = climb.durationS + descend.durationS + 2 * rampS - 2 * rampM / speed
        whPerM = profile.cruisePowerW / speed / 3600
        cruiseFixedWh = (2 * rampS * profile.hoverPowerW - 2 * rampM / speed * profile.cruisePowerW) / 3600
        verticalWh = climb.energyWh + 2 * descend.energyWh
    }

    /// What the exact evaluation of one pair is certain to find.
    enum Verdict {
        /// Feasible, with its time to pickup rounded to this many quanta (before the wait bonus).
        case cost(Double)
        /// Not enough energy (``UnassignedReason/insufficientRange``, whichever check says it).
        case outOfRange
    }

    /// One pair, with its distances as ``HalfAnglePoint`` estimates (each within its
    /// ``HalfAnglePoint/errorBound(_:)`` of the exact distance).
    struct Pair {
        var toPickupM: Double
        /// Position → pickup (the same as `toPickupM` for a drone at home).
        var approachM: Double
        var legM: Double
        var legEnergyWh: Double
        /// Battery energy left minus the reserve.
        var budgetWh: Double
        var rangeBoundM: Double
        /// 1 / the time quantum.
        var quanta: Double
    }

    /// The verdict when every distance within the estimates' error bounds leads to it, `nil` when they
    /// or the margins leave a doubt. `homeM` (dropoff → home) is asked for only when the longest
    /// possible way home does not fit. Energy and time grow with every distance, so the ends of the
    /// intervals decide; the margins (1e-9 of the energy, 1e-6 quantum + 1e-12 of the time) are far
    /// above the rounding of either way of computing them.
    @inline(__always)
    func verdict(_ pair: Pair, homeM: () -> Double?) -> Verdict? {
        let outError = HalfAnglePoint.errorBound(pair.toPickupM)
        let outLow = pair.toPickupM - outError, out = pair.toPickupM + outError
        let approachError = HalfAnglePoint.errorBound(pair.approachM)
        let fewestM = pair.approachM - approachError, mostM = pair.approachM + approachError
        guard outLow >= linearFromM, fewestM >= linearFromM else { return nil }
        // The range bound: out + leg + (|leg − out| − 1 mm) is at most 2 max(leg, out).
        guard 2 * (pair.legM > out ? pair.legM : out) * (1 + 1e-12) < pair.rangeBoundM else { return nil }
        // Climb, cruise out, descend, loading, the delivery leg, cruise home, descend: first with the
        // longest possible way home (leg + out + 1 mm), as the exact check starts.
        let fixedWh = verticalWh + pair.legEnergyWh + 2 * cruiseFixedWh
        if (fixedWh + whPerM * (2 * out + pair.legM + 0.001)) * (1 + 1e-9) + 1e-9 > pair.budgetWh {
            guard let home = homeM() else { return nil }
            let homeError = HalfAnglePoint.errorBound(home)
            guard home - homeError >= linearFromM else { return nil }
            if (fixedWh + whPerM * (outLow + home - homeError)) * (1 - 1e-9) - 1e-9 > pair.budgetWh {
                return .outOfRange
            }
            guard (out + pair.legM + home + homeError) * (1 + 1e-12) < pair.rangeBoundM,
                (fixedWh + whPerM * (out + home + homeError)) * (1 + 1e-9) + 1e-9 <= pair.budgetWh
            else { return nil }
        }
        let fewest = (fixedS + secondsPerM * fewestM) * pair.quanta
        let most = (fixedS + secondsPerM * mostM) * pair.quanta
        let slack = 1e-6 + most * 1e-12
        guard most + slack < 1e15 else { return nil }
        // Both ends at least 1e-6 from a half: adding a half and truncating is `rounded()`.
        let rounded = Double(Int64(fewest - slack + 0.5))
        return rounded == Double(Int64(most + slack + 0.5)) ? .cost(rounded) : nil
    }
}
