#!/usr/bin/env python3
"""Reference timings for the scheduler benchmark.

Usage: scipy_reference.py RUNS FILE:N [FILE:N ...]
Each FILE holds an N x N row-major little-endian float64 cost matrix. Prints one JSON object per
file: optimal total cost and wall times (ms) of scipy.optimize.linear_sum_assignment.
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment


def main() -> None:
    runs = int(sys.argv[1])
    for spec in sys.argv[2:]:
        path, n = spec.rsplit(":", 1)
        costs = np.fromfile(path, dtype="<f8").reshape(int(n), int(n))
        times = []
        total = None
        for _ in range(runs):
            start = time.perf_counter()
            rows, cols = linear_sum_assignment(costs)
            times.append((time.perf_counter() - start) * 1000)
            total = float(costs[rows, cols].sum())
        times.sort()
        print(json.dumps({"file": path, "n": int(n), "cost": total, "median_ms": times[len(times) // 2],
                          "min_ms": times[0], "max_ms": times[-1], "scipy": scipy.__version__}))


if __name__ == "__main__":
    main()
