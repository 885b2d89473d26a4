import TestSupport
import Testing

@testable import GroundCore

/// Exhaustive reference: maximum number of allowed pairs first, then minimum cost.
func bruteForce(_ matrix: CostMatrix) -> (count: Int, cost: Double) {
    var best = (count: -1, cost: Double.infinity)
    var usedColumns = [Bool](repeating: false, count: matrix.columns)
    func visit(_ row: Int, _ count: Int, _ cost: Double) {
        if row == matrix.rows {
            if count > best.count || (count == best.count && cost < best.cost) { best = (count, cost) }
            return
        }
        visit(row + 1, count, cost) // leave this row unassigned
        for column in 0..<matrix.columns where !usedColumns[column] && matrix[row, column].isFinite {
            usedColumns[column] = true
            visit(row + 1, count + 1, cost + matrix[row, column])
            usedColumns[column] = false
        }
    }
    visit(0, 0, 0)
    return best
}

func randomMatrix(rows: Int, columns: Int, forbiddenShare: Double, using generator: inout SeededGenerator) -> CostMatrix
{
    var matrix = CostMatrix(rows: rows, columns: columns)
    for r in 0..<rows {
        for c in 0..<columns where Double.random(in: 0..<1, using: &generator) >= forbiddenShare {
            // Small integers make ties frequent, which is where assignment solvers usually break.
            matrix[r, c] = Double(Int.random(in: 0...20, using: &generator))
        }
    }
    return matrix
}

/// Independent reference for sizes brute force cannot reach: the textbook O(n²m) Hungarian
/// algorithm with potentials (rows ≤ columns), on a matrix whose forbidden entries carry a
/// penalty above any difference in allowed totals. Returns the number of allowed pairs and
/// their total cost.
func textbookHungarian(_ matrix: CostMatrix) -> (count: Int, cost: Double) {
    if matrix.rows > matrix.columns { return textbookHungarian(matrix.transposed()) }
    let n = matrix.rows, m = matrix.columns
    let largest = matrix.values.filter(\.isFinite).map(abs).max() ?? 0
    let penalty = 4 * Double(n + 1) * (largest + 1)
    func cost(_ i: Int, _ j: Int) -> Double { matrix[i - 1, j - 1].isFinite ? matrix[i - 1, j - 1] : penalty }
    // 1-based with a virtual column 0, as in the classic formulation.
    var u = [Double](repeating: 0, count: n + 1), v = [Double](repeating: 0, count: m + 1)
    var rowOf = [Int](repeating: 0, count: m + 1), way = [Int](repeating: 0, count: m + 1)
    for i in 1..<(n + 1) {
        rowOf[0] = i
        var j0 = 0
        var minv = [Double](repeating: .infinity, count: m + 1)
        var used = [Bool](repeating: false, count: m + 1)
        repeat {
            used[j0] = true
            let i0 = rowOf[j0]
            var delta = Double.infinity, j1 = 0
            for j in 1..<(m + 1) where !used[j] {
                let current = cost(i0, j) - u[i0] - v[j]
                if current < minv[j] {
                    minv[j] = current
                    way[j] = j0
                }
                if minv[j] < delta {
                    delta = minv[j]
                    j1 = j
                }
            }
            for j in 0...m {
                if used[j] {
                    u[rowOf[j]] += delta
                    v[j] -= delta
                } else {
                    minv[j] -= delta
                }
            }
            j0 = j1
        } while rowOf[j0] != 0
        repeat {
            let j1 = way[j0]
            rowOf[j0] = rowOf[j1]
            j0 = j1
        } while j0 != 0
    }
    var count = 0, total = 0.0
    for j in 1..<(m + 1) where rowOf[j] != 0 && matrix[rowOf[j] - 1, j - 1].isFinite {
        count += 1
        total += matrix[rowOf[j] - 1, j - 1]
    }
    return (count, total)
}

@Suite struct AssignmentSolverTests {
    @Test func matchesBruteForceOnRandomInstances() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<400 {
            let rows = Int.random(in: 1...6, using: &generator)
            let columns = Int.random(in: 1...6, using: &generator)
            let share: Double = [0.0, 0.2, 0.5, 0.8].randomElement(using: &generator) ?? 0
            let matrix = randomMatrix(rows: rows, columns: columns, forbiddenShare: share, using: &generator)
            let solution = AssignmentSolver.solve(matrix)
            let reference = bruteForce(matrix)
            #expect(solution.assignedCount == reference.count, "\(matrix)")
            #expect(abs(solution.totalCost - reference.cost) < 1e-9, "\(matrix)")
            // Reported pairs are allowed, distinct, and add up to the reported total.
            let pairs = solution.pairs
            #expect(Set(pairs.map { $0.column }).count == pairs.count)
            #expect(pairs.allSatisfy { matrix[$0.row, $0.column].isFinite })
            #expect(abs(pairs.reduce(0) { $0 + matrix[$1.row, $1.column] } - solution.totalCost) < 1e-9)
        }
    }

    /// Square matrices take the column-reduction start; small integer costs make ties,
    /// where that start is most delicate.
    @Test func squareInstancesWithTiesMatchBruteForce() {
        var generator = SeededGenerator(seed: 1987)
        for _ in 0..<600 {
            let size = Int.random(in: 2...7, using: &generator)
            let share: Double = [0.0, 0.0, 0.3, 0.6].randomElement(using: &generator) ?? 0
            var matrix = randomMatrix(rows: size, columns: size, forbiddenShare: share, using: &generator)
            if Bool.random(using: &generator) {
                for r in 0..<size {
                    for c in 0..<size where matrix[r, c].isFinite { matrix[r, c] = Double(Int(matrix[r, c]) % 3) }
                }
            }
            let solution = AssignmentSolver.solve(matrix)
            let reference = bruteForce(matrix)
            #expect(solution.assignedCount == reference.count, "\(matrix)")
            #expect(abs(solution.totalCost - reference.cost) < 1e-9, "\(matrix)")
        }
    }

    @Test func matchesBruteForceOnRealValuedCosts() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            var matrix = CostMatrix(
                rows: Int.random(in: 1...7, using: &generator), columns: Int.random(in: 1...7, using: &generator))
            for r in 0..<matrix.rows {
                for c in 0..<matrix.columns { matrix[r, c] = Double.random(in: 50...900, using: &generator) }
            }
            #expect(abs(AssignmentSolver.solve(matrix).totalCost - bruteForce(matrix).cost) < 1e-7)
        }
    }

    /// Sizes past brute force, square (the column-reduction start, then many searches) and
    /// rectangular, widths on both sides of the search's four-column stride, against the textbook
    /// Hungarian algorithm: real-valued costs, integer costs full of ties, and forbidden pairs.
    @Test func matchesTextbookHungarianOnLargerInstances() {
        var generator = SeededGenerator(seed: 2023)
        for round in 0..<120 {
            let rows = Int.random(in: 8...45, using: &generator)
            let columns = round % 2 == 0 ? rows : Int.random(in: 8...45, using: &generator)
            let share: Double = [0.0, 0.0, 0.1, 0.4].randomElement(using: &generator) ?? 0
            var matrix: CostMatrix
            if Bool.random(using: &generator) {
                matrix = randomMatrix(rows: rows, columns: columns, forbiddenShare: share, using: &generator)
            } else {
                matrix = CostMatrix(rows: rows, columns: columns)
                for r in 0..<rows {
                    for c in 0..<columns where Double.random(in: 0..<1, using: &generator) >= share {
                        matrix[r, c] = Double.random(in: -50...900, using: &generator)
                    }
                }
            }
            let solution = AssignmentSolver.solve(matrix)
            let reference = textbookHungarian(matrix)
            #expect(solution.assignedCount == reference.count, "round \(round)")
            #expect(abs(solution.totalCost - reference.cost) < 1e-6 * max(1, abs(reference.cost)), "round \(round)")
            let pairs = solution.pairs
            #expect(Set(pairs.map { $0.column }).count == pairs.count)
            #expect(pairs.allSatisfy { matrix[$0.row, $0.column].isFinite })
        }
    }

    /// Costs near the largest Double (with forbidden pairs, whose penalty is a multiple of the
    /// largest cost) still give the largest set of allowed, distinct pairs, without trapping.
    @Test func extremeCostsStillAssignTheMostPairs() {
        var generator = SeededGenerator(seed: 308)
        let choices: [Double] = [1.7e308, -1.7e308, 1e300, 0, 1, .infinity, .nan]
        for _ in 0..<300 {
            var matrix = CostMatrix(
                rows: Int.random(in: 1...6, using: &generator), columns: Int.random(in: 1...6, using: &generator))
            for r in 0..<matrix.rows {
                for c in 0..<matrix.columns { matrix[r, c] = choices.randomElement(using: &generator) ?? 0 }
            }
            let solution = AssignmentSolver.solve(matrix)
            let pairs = solution.pairs
            #expect(Set(pairs.map { $0.column }).count == pairs.count, "\(matrix)")
            #expect(pairs.allSatisfy { matrix[$0.row, $0.column].isFinite }, "\(matrix)")
            #expect(solution.assignedCount == bruteForce(matrix).count, "\(matrix)")
        }
    }

    @Test func rectangularShapesAssignTheSmallerSide() throws {
        let wide = try #require(CostMatrix(rows: 2, columns: 4, values: [9, 1, 8, 7, 1, 9, 8, 7]))
        let wideSolution = AssignmentSolver.solve(wide)
        #expect(wideSolution.columnForRow == [1, 0])
        #expect(wideSolution.totalCost == 2)

        let tall = try #require(CostMatrix(rows: 3, columns: 1, values: [5, 2, 7]))
        let tallSolution = AssignmentSolver.solve(tall)
        #expect(tallSolution.columnForRow == [nil, 0, nil])
        #expect(tallSolution.totalCost == 2)
    }

    @Test func allForbiddenRowStaysUnassignedWithoutDisturbingOthers() throws {
        let inf = Double.infinity
        let matrix = try #require(CostMatrix(rows: 3, columns: 3, values: [inf, inf, inf, 4, 1, 3, 2, 0, 5]))
        let solution = AssignmentSolver.solve(matrix)
        #expect(solution.columnForRow[0] == nil)
        // Two optima cost 3: row1→col1 (1) + row2→col0 (2), or row1→col2 (3) + row2→col1 (0).
        #expect(solution.totalCost == 3)
        let pairs = [solution.columnForRow[1], solution.columnForRow[2]]
        #expect(pairs == [1, 0] || pairs == [2, 1])
    }

    @Test func prefersMoreAssignmentsOverCheaperFewer() throws {
        let inf = Double.infinity
        // Row0 alone could take col0 at cost 0, but then row1 (only col0 allowed) would be left out.
        let matrix = try #require(CostMatrix(rows: 2, columns: 2, values: [0, 1000, 5, inf]))
        let solution = AssignmentSolver.solve(matrix)
        #expect(solution.columnForRow == [1, 0])
        #expect(solution.totalCost == 1005)
    }

    @Test func emptyMatrices() {
        #expect(AssignmentSolver.solve(CostMatrix(rows: 0, columns: 3)).columnForRow.isEmpty)
        #expect(AssignmentSolver.solve(CostMatrix(rows: 2, columns: 0)).columnForRow == [nil, nil])
    }
}
