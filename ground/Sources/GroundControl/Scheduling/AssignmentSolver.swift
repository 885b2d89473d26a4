/// Optimal rectangular min-cost assignment (shortest augmenting paths with potentials,
/// the Jonker-Volgenant / Hungarian family, O(n² m) for n ≤ m).
///
/// Semantics with forbidden pairs (`.infinity`): the solver first maximises the number of
/// assigned pairs that are allowed, then minimises their total cost. scipy raises for an
/// infeasible matrix instead; a scheduler wants the largest feasible partial assignment.
/// Internally forbidden entries get a finite penalty larger than any difference in allowed
/// totals, so one augmenting-path pass handles both objectives; pairs that end up on a
/// penalty entry are reported as unassigned.
public enum AssignmentSolver {
    /// Solves `matrix` and returns, for each row, its column (or `nil`).
    public static func solve(_ matrix: CostMatrix) -> AssignmentSolution {
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
    private static func penalised(_ matrix: CostMatrix) -> ([Double], Bool) {
        var maxAbs = 0.0
        var forbidden = false
        for value in matrix.values {
            if value.isFinite { maxAbs = max(maxAbs, abs(value)) } else { forbidden = true }
        }
        guard forbidden else { return (matrix.values, false) }
        let penalty = 2 * Double(matrix.rows + 1) * (maxAbs + 1)
        return (matrix.values.map { $0.isFinite ? $0 : penalty }, true)
    }

    /// Core loop over flat buffers; returns the column of every row. Requires rows ≤ columns
    /// and finite costs. Index 0 of the column arrays is the virtual start column.
    private static func shortestAugmentingPaths(_ cost: [Double], rows n: Int, columns m: Int) -> [Int] {
        var u = [Double](repeating: 0, count: n + 1)
        var v = [Double](repeating: 0, count: m + 1)
        var rowOfColumn = [Int](repeating: 0, count: m + 1)  // 1-based row, 0 = free
        var way = [Int](repeating: 0, count: m + 1)
        var minSlack = [Double](repeating: 0, count: m + 1)
        var used = [Bool](repeating: false, count: m + 1)
        var visited = [Int](repeating: 0, count: m + 1)  // columns marked used, to reset cheaply

        cost.withUnsafeBufferPointer { c in
        u.withUnsafeMutableBufferPointer { u in
        v.withUnsafeMutableBufferPointer { v in
        rowOfColumn.withUnsafeMutableBufferPointer { p in
        way.withUnsafeMutableBufferPointer { way in
        minSlack.withUnsafeMutableBufferPointer { minv in
        used.withUnsafeMutableBufferPointer { used in
        visited.withUnsafeMutableBufferPointer { visited in
            for i in 1...n {
                p[0] = i
                var j0 = 0
                var visitedCount = 0
                for j in 0...m { minv[j] = .infinity }
                repeat {
                    used[j0] = true
                    visited[visitedCount] = j0
                    visitedCount += 1
                    let i0 = p[j0]
                    let rowBase = (i0 - 1) * m - 1  // c[rowBase + j] is cost(i0, j) for 1-based j
                    let ui0 = u[i0]
                    var delta = Double.infinity
                    var j1 = 0
                    for j in 1...m where !used[j] {
                        let reduced = c[rowBase + j] - ui0 - v[j]
                        if reduced < minv[j] { minv[j] = reduced; way[j] = j0 }
                        if minv[j] < delta { delta = minv[j]; j1 = j }
                    }
                    for k in 0..<visitedCount {
                        let j = visited[k]
                        u[p[j]] += delta
                        v[j] -= delta
                    }
                    for j in 1...m where !used[j] { minv[j] -= delta }
                    j0 = j1
                } while p[j0] != 0
                repeat {
                    let j1 = way[j0]
                    p[j0] = p[j1]
                    j0 = j1
                } while j0 != 0
                for k in 0..<visitedCount { used[visited[k]] = false }
            }
        }}}}}}}}
        var columnOfRow = [Int](repeating: 0, count: n)
        for j in 1...m where rowOfColumn[j] != 0 { columnOfRow[rowOfColumn[j] - 1] = j - 1 }
        return columnOfRow
    }
}
