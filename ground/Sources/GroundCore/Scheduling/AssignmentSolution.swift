/// The result of ``AssignmentSolver/solve(_:)``.
package struct AssignmentSolution: Sendable, Equatable {
    /// For each row, the column it is assigned to, or `nil` when it stays unassigned
    /// (more rows than columns, or every remaining column is forbidden for it).
    package var columnForRow: [Int?]
    /// Sum of the costs of the assigned pairs (never includes a forbidden pair).
    package var totalCost: Double

    /// The assigned `(row, column)` pairs in row order.
    package var pairs: [(row: Int, column: Int)] {
        columnForRow.enumerated().compactMap { row, column in column.map { (row, $0) } }
    }

    /// Number of assigned pairs.
    package var assignedCount: Int { columnForRow.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
}
