#!/usr/bin/env python3
"""The offline bound of benchmarks/day: the most bookings any dispatcher could deliver by their deadlines
if it knew the whole day in advance, solved with OR-Tools routing (time windows, per-drone depots).

    benchmarks/day/offline_bound.py --demand day.json --job-times times.json [--seconds 120]

Each drone starts and ends at its depot and flies its jobs one after the other, home → pickup → dropoff →
home, as SkyRelay's drones do. A node is a booking; its time is the moment loading at the pickup is done,
within [window start + loading, window end + loading] and early enough to release by the deadline. Between
two jobs a drone flies home and on to the next pickup. Energy: each drone has a pack that every job drains
by its energy (FleetProtocol's model) and that refills, never past full, while the drone waits, at its
depot's power (a swap depot: a full pack per swap time). That relaxes the real day (a drone charges while
it waits anywhere, pads are not limited, no taper), so the bound errs high. Leg times and energy come from day-bench --job-times (FleetProtocol's model). A booking the
solver leaves out is one not delivered on time; the objective is the fewest left out.
"""
import argparse
import json
import sys
import time

from ortools.constraint_solver import pywrapcp, routing_enums_pb2


def solve(demand, times, seconds):
    deliveries = demand["deliveries"]
    depots = demand["depots"]
    depot_index = {d["depotId"]: i for i, d in enumerate(depots)}
    drones = [depot_index[d["depotId"]] for d in demand["drones"]]
    n, m = len(deliveries), len(drones)
    loading = times["loadingS"]

    # Nodes 0..n-1 are bookings; then one start and one end node per drone (its depot).
    starts = list(range(n, n + m))
    ends = list(range(n + m, n + 2 * m))
    manager = pywrapcp.RoutingIndexManager(n + 2 * m, m, starts, ends)
    routing = pywrapcp.RoutingModel(manager)

    callbacks = []
    for vehicle, depot in enumerate(drones):
        def transit(from_index, to_index, depot=depot):
            a, b = manager.IndexToNode(from_index), manager.IndexToNode(to_index)
            if a >= n and b >= n:
                return 0
            if a >= n:  # depot → first pickup
                return int(times["toPickupS"][depot][b] + loading)
            after = times["toDropoffS"][a] + times["toHomeS"][depot][a]
            if b >= n:  # last job → home
                return int(after)
            return int(after + times["toPickupS"][depot][b] + loading)
        callbacks.append(routing.RegisterTransitCallback(transit))
    horizon = int((demand["hours"] + 6) * 3600)
    routing.AddDimensionWithVehicleTransits(callbacks, horizon, horizon, False, "time")
    dimension = routing.GetDimensionOrDie("time")
    for vehicle in range(m):
        routing.SetArcCostEvaluatorOfVehicle(callbacks[vehicle], vehicle)

    # A battery per drone: each arc into a job takes that job's energy (deci-Wh); waiting (the time slack) may
    # charge it back at the drone's depot power (a swap depot: a full pack per swap time), never past full.
    capacity = int(times["capacityWh"] * 10)

    def watts(depot):
        d = depots[depot]
        return times["capacityWh"] / d["swapSeconds"] * 3600 if d["mode"] == "swap" else d["chargePowerW"]

    energy_callbacks = []
    for vehicle, depot in enumerate(drones):
        def energy(from_index, to_index, depot=depot):
            b = manager.IndexToNode(to_index)
            return 0 if b >= n else -int(times["energyWh"][depot][b] * 10 + 0.5)
        energy_callbacks.append(routing.RegisterTransitCallback(energy))
    routing.AddDimensionWithVehicleTransits(energy_callbacks, capacity, capacity, False, "battery")
    battery = routing.GetDimensionOrDie("battery")
    solver = routing.solver()
    rates = [int(watts(depot) * 10) for depot in drones]  # deci-Wh per hour
    for vehicle in range(m):
        battery.CumulVar(routing.Start(vehicle)).SetValue(capacity)
        dimension.CumulVar(routing.Start(vehicle)).SetValue(0)
    for node in list(range(n)) + starts:
        index = manager.NodeToIndex(node) if node < n else routing.Start(starts.index(node))
        rate = solver.Element(rates, routing.VehicleVar(index))
        # charged (deci-Wh) × 3600 ≤ rate (deci-Wh/h) × waiting (s)
        solver.Add(battery.SlackVar(index) * 3600 <= rate * dimension.SlackVar(index))

    feasible = 0
    for job, booking in enumerate(deliveries):
        index = manager.NodeToIndex(job)
        earliest = booking["windowStartS"] + loading
        latest = min(booking["windowEndS"] + loading, booking["deadlineS"] - times["toDropoffS"][job])
        # A job no drone's full battery covers cannot be delivered at all.
        coverable = any(times["requiredWh"][depot][job] <= times["capacityWh"] for depot in set(drones))
        if latest < earliest or not coverable:
            routing.AddDisjunction([index], 10_000_000)
            routing.solver().Add(routing.ActiveVar(index) == 0)
            continue
        feasible += 1
        dimension.CumulVar(index).SetRange(int(earliest), int(latest))
        routing.AddDisjunction([index], 10_000_000)

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromSeconds(int(seconds))
    started = time.monotonic()
    solution = routing.SolveWithParameters(params)
    elapsed = time.monotonic() - started
    if solution is None:
        raise SystemExit("offline_bound: OR-Tools found no solution")
    served = 0
    for vehicle in range(m):
        index = routing.Start(vehicle)
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            if node < n:
                served += 1
            index = solution.Value(routing.NextVar(index))
    return {"deliveries": n, "onTime": served, "onTimeShare": served / n if n else 0.0,
            "withinReach": feasible, "solveSeconds": round(elapsed, 1), "timeLimitSeconds": seconds,
            "ortools": __import__("ortools").__version__}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demand", required=True)
    parser.add_argument("--job-times", required=True)
    parser.add_argument("--seconds", type=int, default=120)
    args = parser.parse_args()
    demand = json.load(open(args.demand))
    times = json.load(open(args.job_times))
    json.dump(solve(demand, times, args.seconds), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
