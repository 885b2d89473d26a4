extension AssignmentSolver {
    /// The state of one solve: duals, matching and the labels of the current shortest-path search,
    /// in buffers allocated once per solve and read through plain pointers, so the hot loop has no
    /// bounds or uniqueness checks and no closure nesting per buffer. Requires rows ≤ columns and
    /// finite costs; the caller deallocates.
    ///
    /// Each step of a search scans the whole row contiguously, four columns at a time, rather than
    /// gathering the columns not yet in the tree through an index list: a settled column is kept out
    /// by its `masked` potential (-∞ makes its reduced cost +∞, so its label stays +∞ and never wins
    /// the minimum), which keeps the loop branch-free and SIMD-friendly, and the same pass finds the
    /// minimum. It reads more entries than the gather but took 500 × 500 from 14 to 6–9 ms.
    ///
    /// Unlike scipy, a step takes the first column at the minimum distance rather than a free one
    /// among equals (which would end the search at once): finding a free one takes a second pass over
    /// the row, which cost more than it saved; on real-valued costs such ties are rare.
    struct AugmentingPaths {
        let cost: UnsafePointer<Double>
        let rows: Int
        let columns: Int
        /// Row and column potentials (duals); reduced cost = cost - u - v ≥ 0 on matched rows.
        let u: UnsafeMutablePointer<Double>
        let v: UnsafeMutablePointer<Double>
        /// `v`, or -∞ for the columns settled in the current search.
        let masked: UnsafeMutablePointer<Double>
        let rowOfColumn: UnsafeMutablePointer<Int>
        let columnOfRow: UnsafeMutablePointer<Int>
        /// Current search: tentative distance of each column (+∞ once settled), the row it is reached
        /// from (Int64 so it blends with the Double lanes' mask), and the distance it settled at.
        let shortest: UnsafeMutablePointer<Double>
        let path: UnsafeMutablePointer<Int64>
        let settled: UnsafeMutablePointer<Double>
        /// The rows and columns in the current search's tree, so the updates after it touch only them.
        let treeRows: UnsafeMutablePointer<Int>
        let treeColumns: UnsafeMutablePointer<Int>

        init(cost: UnsafePointer<Double>, rows: Int, columns: Int) {
            func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
                let pointer = UnsafeMutablePointer<T>.allocate(capacity: count)
                pointer.initialize(repeating: value, count: count)
                return pointer
            }
            self.cost = cost
            self.rows = rows
            self.columns = columns
            u = buffer(rows, 0)
            v = buffer(columns, 0)
            masked = buffer(columns, 0)
            rowOfColumn = buffer(columns, -1)
            columnOfRow = buffer(rows, -1)
            shortest = buffer(columns, .infinity)
            path = buffer(columns, -1)
            settled = buffer(columns, 0)
            treeRows = buffer(rows, 0)
            treeColumns = buffer(columns, 0)
        }

        func deallocate() {
            for pointer in [u, v, masked, shortest, settled] { pointer.deallocate() }
            for pointer in [rowOfColumn, columnOfRow, treeRows, treeColumns] { pointer.deallocate() }
            path.deallocate()
        }

        /// Column reduction (Jonker–Volgenant's start), square matrices only: v[j] = the column's
        /// cheapest cost keeps every reduced cost c - u - v ≥ 0 with u = 0, and each column's cheapest
        /// row, if still free, takes it at reduced cost 0. Feasible dual, tight matched pairs: only the
        /// rows left free need a search. Not on rectangular ones: there a column left free at the end
        /// must keep v = 0 for the result to be optimal.
        ///
        /// Jonker–Volgenant's augmenting row reduction, tried after this, left about 40 % fewer rows
        /// to search but did not save time on the benchmark's instances: the last few searches, which
        /// grow a tree over most of the matrix, dominate, and the reduction's own passes cost more than
        /// the short searches it replaces.
        func reduceColumns() {
            // Row by row (the matrix is row-major); `treeColumns` holds each column's cheapest row here.
            for j in 0..<columns {
                v[j] = .infinity
                treeColumns[j] = 0
            }
            for i in 0..<rows {
                let costs = cost + i * columns
                for j in 0..<columns where costs[j] < v[j] {
                    v[j] = costs[j]
                    treeColumns[j] = i
                }
            }
            for j in 0..<columns {
                masked[j] = v[j]
                let bestRow = treeColumns[j]
                if columnOfRow[bestRow] < 0 {
                    columnOfRow[bestRow] = j
                    rowOfColumn[j] = bestRow
                }
            }
        }

        /// Grows a shortest-path tree from the free row `current` until it reaches a free column, then
        /// updates the potentials (once per search, Crouse's variant) and flips the path.
        func augment(from current: Int) {
            for j in 0..<columns { shortest[j] = .infinity }
            var rowCount = 0
            var columnCount = 0
            var distance = 0.0
            var row = current
            var sink = -1
            while sink < 0 {
                treeRows[rowCount] = row
                rowCount += 1
                var column: Int
                (distance, column) = relax(from: row, at: distance - u[row])
                if !(distance < .infinity) {
                    // Unreachable with the finite, scaled costs `solve` passes in; should a reduced
                    // cost ever be ∞ or NaN, a column reached from this row keeps the tree and the
                    // path within their buffers.
                    column = firstUnsettledColumn()
                    path[column] = Int64(row)
                }
                settled[column] = distance
                shortest[column] = .infinity
                masked[column] = -.infinity
                treeColumns[columnCount] = column
                columnCount += 1
                if rowOfColumn[column] < 0 {
                    sink = column
                } else {
                    row = rowOfColumn[column]
                }
            }
            u[current] += distance
            for k in 1..<rowCount {
                let i = treeRows[k]
                u[i] += distance - settled[columnOfRow[i]]
            }
            for k in 0..<columnCount {
                let j = treeColumns[k]
                v[j] -= distance - settled[j]
                masked[j] = v[j]
            }
            var column = sink
            while true {
                let i = Int(path[column])
                rowOfColumn[column] = i
                swap(&columnOfRow[i], &column)
                if i == current { break }
            }
        }

        /// Lowers the tentative distance of every unsettled column through `row` (reduced cost plus
        /// `offset`, the distance to `row` minus its potential); returns the smallest distance and the
        /// first column at it.
        @inline(__always)
        private func relax(from row: Int, at offset: Double) -> (distance: Double, column: Int) {
            let costs = cost + row * columns
            let from = Int64(row)
            let offsets = SIMD4<Double>(repeating: offset)
            // Per lane: the smallest distance so far and the first column at it.
            var lowests = SIMD4<Double>(repeating: .infinity)
            var lowestColumns = SIMD4<Int64>(repeating: 0)
            var laneColumns = SIMD4<Int64>(0, 1, 2, 3)
            var j = 0
            while j + 4 <= columns {
                let reduced = offsets + load(costs + j) - load(masked + j)
                let old = load(shortest + j)
                let shorter = reduced .< old
                let label = old.replacing(with: reduced, where: shorter)
                store(label, at: shortest + j)
                store(load(path + j).replacing(with: from, where: shorter), at: path + j)
                let lower = label .< lowests
                lowests = lowests.replacing(with: label, where: lower)
                lowestColumns = lowestColumns.replacing(with: laneColumns, where: lower)
                laneColumns &+= 4
                j += 4
            }
            var lowest = Double.infinity
            var column = 0
            for lane in 0..<4
            where lowests[lane] < lowest || (lowests[lane] == lowest && Int(lowestColumns[lane]) < column) {
                lowest = lowests[lane]
                column = Int(lowestColumns[lane])
            }
            while j < columns {
                let reduced = offset + costs[j] - masked[j]
                if reduced < shortest[j] {
                    shortest[j] = reduced
                    path[j] = from
                }
                if shortest[j] < lowest {
                    lowest = shortest[j]
                    column = j
                }
                j += 1
            }
            return (lowest, column)
        }

        /// There always is one during a search: it settles at most one column per matched row before a
        /// free one, and rows ≤ columns.
        private func firstUnsettledColumn() -> Int {
            for j in 0..<columns where masked[j] != -.infinity { return j }
            return 0
        }

        @inline(__always)
        private func load<T: SIMDScalar>(_ pointer: UnsafeMutablePointer<T>) -> SIMD4<T> {
            UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<T>.self)
        }

        @inline(__always)
        private func load(_ pointer: UnsafePointer<Double>) -> SIMD4<Double> {
            UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self)
        }

        @inline(__always)
        private func store<T: SIMDScalar>(_ value: SIMD4<T>, at pointer: UnsafeMutablePointer<T>) {
            UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<T>.self)
        }
    }
}
