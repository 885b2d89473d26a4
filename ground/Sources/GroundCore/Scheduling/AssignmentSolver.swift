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
    /// and finite costs. One Dijkstra-like search per row over reduced costs (Crouse 2016, the
    /// variant scipy uses): potentials are updated once per augmentation rather than per step,
    /// and among equally short paths a free column is preferred, which ends the search early.
    private static func shortestAugmentingPaths(_ cost: [Double], rows n: Int, columns m: Int) -> [Int] {
        var u = [Double](repeating: 0, count: n)
        var v = [Double](repeating: 0, count: m)
        var rowOfColumn = [Int](repeating: -1, count: m)
        var columnOfRow = [Int](repeating: -1, count: n)
        var path = [Int](repeating: -1, count: m)
        var shortest = [Double](repeating: .infinity, count: m)
        var rowInTree = [Bool](repeating: false, count: n)
        var columnInTree = [Bool](repeating: false, count: m)
        // Columns not yet in the tree, kept compact by swap-remove so the hot loop has no branch per column.
        var remaining = [Int](repeating: 0, count: m)

        cost.withUnsafeBufferPointer { c in
            u.withUnsafeMutableBufferPointer { u in
                v.withUnsafeMutableBufferPointer { v in
                    rowOfColumn.withUnsafeMutableBufferPointer { rowOfColumn in
                        columnOfRow.withUnsafeMutableBufferPointer { columnOfRow in
                            path.withUnsafeMutableBufferPointer { path in
                                shortest.withUnsafeMutableBufferPointer { shortest in
                                    rowInTree.withUnsafeMutableBufferPointer { rowInTree in
                                        columnInTree.withUnsafeMutableBufferPointer { columnInTree in
                                            remaining.withUnsafeMutableBufferPointer { remaining in
                                                // Column reduction (Jonker–Volgenant's start) on square matrices: v[j] = the column's cheapest
                                                // cost keeps every reduced cost c - u - v ≥ 0 with u = 0, and each column's cheapest row, if
                                                // still free, takes it at reduced cost 0. Feasible dual, tight matched pairs: only the rows left
                                                // free need a shortest-path search below, which is where the time goes. Not on rectangular
                                                // ones: there a column left free at the end must keep v = 0 for the result to be optimal.
                                                if n == m {
                                                    // Row by row (the matrix is row-major), keeping each column's minimum and its row in
                                                    // `shortest` and `path`, which the searches below reset before use.
                                                    for j in 0..<m {
                                                        shortest[j] = .infinity
                                                        path[j] = 0
                                                    }
                                                    for i in 0..<n {
                                                        let base = i * m
                                                        for j in 0..<m where c[base + j] < shortest[j] {
                                                            shortest[j] = c[base + j]
                                                            path[j] = i
                                                        }
                                                    }
                                                    for j in 0..<m {
                                                        v[j] = shortest[j]
                                                        let bestRow = path[j]
                                                        if columnOfRow[bestRow] < 0 {
                                                            columnOfRow[bestRow] = j
                                                            rowOfColumn[j] = bestRow
                                                        }
                                                    }
                                                }
                                                for current in 0..<n where columnOfRow[current] < 0 {
                                                    for j in 0..<m {
                                                        remaining[j] = m - 1 - j
                                                        shortest[j] = .infinity
                                                        columnInTree[j] = false
                                                    }
                                                    for i in 0..<n { rowInTree[i] = false }
                                                    var remainingCount = m
                                                    var minValue = 0.0
                                                    var row = current
                                                    var sink = -1
                                                    while sink < 0 {
                                                        rowInTree[row] = true
                                                        let rowBase = row * m
                                                        let base = minValue - u[row]
                                                        var lowest = Double.infinity
                                                        var lowestIndex = 0
                                                        for k in 0..<remainingCount {
                                                            let j = remaining[k]
                                                            let reduced = base + c[rowBase + j] - v[j]
                                                            if reduced < shortest[j] {
                                                                path[j] = row
                                                                shortest[j] = reduced
                                                            }
                                                            let candidate = shortest[j]
                                                            if candidate < lowest
                                                                || (candidate == lowest && rowOfColumn[j] < 0)
                                                            {
                                                                lowest = candidate
                                                                lowestIndex = k
                                                            }
                                                        }
                                                        minValue = lowest
                                                        let column = remaining[lowestIndex]
                                                        if rowOfColumn[column] < 0 {
                                                            sink = column
                                                        } else {
                                                            row = rowOfColumn[column]
                                                        }
                                                        columnInTree[column] = true
                                                        remainingCount -= 1
                                                        remaining[lowestIndex] = remaining[remainingCount]
                                                    }
                                                    u[current] += minValue
                                                    for i in 0..<n where rowInTree[i] && i != current {
                                                        u[i] += minValue - shortest[columnOfRow[i]]
                                                    }
                                                    for j in 0..<m where columnInTree[j] {
                                                        v[j] -= minValue - shortest[j]
                                                    }
                                                    var column = sink
                                                    while true {
                                                        let i = path[column]
                                                        rowOfColumn[column] = i
                                                        swap(&columnOfRow[i], &column)
                                                        if i == current { break }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return columnOfRow
    }
}
