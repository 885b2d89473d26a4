/// Optimal rectangular min-cost assignment (shortest augmenting paths with potentials,
/// the Jonker-Volgenant / Hungarian family, O(n² m) for n ≤ m).
///
/// Semantics with forbidden pairs (`.infinity`): the solver first maximises the number of
/// assigned pairs that are allowed, then minimises their total cost. scipy raises for an
/// infeasible matrix instead; a scheduler wants the largest feasible partial assignment.
/// Internally forbidden entries get a finite penalty larger than any difference in allowed
/// totals, so one augmenting-path pass handles both objectives; pairs that end up on a
/// penalty entry are reported as unassigned.
package enum AssignmentSolver {
    /// Solves `matrix` and returns, for each row, its column (or `nil`).
    package static func solve(_ matrix: CostMatrix) -> AssignmentSolution {
        guard matrix.rows > 0, matrix.columns > 0 else {
            return AssignmentSolution(columnForRow: Array(repeating: nil, count: matrix.rows), totalCost: 0)
        }
        // The algorithm augments one row at a time and needs rows ≤ columns.
        if matrix.rows > matrix.columns {
            let transposed = solve(matrix.transposed())
            var columnForRow = [Int?](repeating: nil, count: matrix.rows)
            for (row, column) in transposed.pairs { columnForRow[column] = row }
            return AssignmentSolution(columnForRow: columnForRow, totalCost: transposed.totalCost)
        }
        let (work, hasForbidden) = penalised(matrix)
        let columnOfRow = shortestAugmentingPaths(work, rows: matrix.rows, columns: matrix.columns)
        var columnForRow = [Int?](repeating: nil, count: matrix.rows)
        var total = 0.0
        for row in 0..<matrix.rows {
            let column = columnOfRow[row]
            let cost = matrix.values[row * matrix.columns + column]
            if hasForbidden && !cost.isFinite { continue }
            columnForRow[row] = column
            total += cost
        }
        return AssignmentSolution(columnForRow: columnForRow, totalCost: total)
    }

    /// Replaces forbidden entries with a penalty `P > 2·n·max|c|`, so one more forbidden pair
    /// always costs more than any rearrangement of allowed ones (totals of n allowed entries
    /// differ by at most 2·n·max|c|). NaN is treated as forbidden.
    ///
    /// Costs beyond 1e100 are first scaled down by a power of two (exact, order kept), so neither
    /// the penalty nor the sums of potentials can overflow to ∞ and turn reduced costs into NaN,
    /// which would leave the search without a column to settle.
    private static func penalised(_ matrix: CostMatrix) -> ([Double], Bool) {
        var maxAbs = 0.0
        var forbidden = false
        for value in matrix.values {
            if value.isFinite { maxAbs = max(maxAbs, abs(value)) } else { forbidden = true }
        }
        let scale = maxAbs > 1e100 ? Double(sign: .plus, exponent: 330 - maxAbs.exponent, significand: 1) : 1
        guard forbidden || scale != 1 else { return (matrix.values, false) }
        let penalty = 2 * Double(matrix.rows + 1) * (maxAbs * scale + 1)
        return (matrix.values.map { $0.isFinite ? $0 * scale : penalty }, forbidden)
    }

    /// Core of the solver; returns the column of every row. Requires rows ≤ columns and finite
    /// costs. One Dijkstra-like search per free row over reduced costs (Crouse 2016, the variant
    /// scipy uses; see ``AugmentingPaths``).
    private static func shortestAugmentingPaths(_ cost: [Double], rows n: Int, columns m: Int) -> [Int] {
        cost.withUnsafeBufferPointer { buffer in
            // Non-empty: the caller returns early on an empty shape.
            let search = AugmentingPaths(cost: buffer.baseAddress!, rows: n, columns: m)
            defer { search.deallocate() }
            if n == m { search.reduceColumns() }
            for row in 0..<n where search.columnOfRow[row] < 0 { search.augment(from: row) }
            return Array(UnsafeBufferPointer(start: search.columnOfRow, count: n))
        }
    }
}
