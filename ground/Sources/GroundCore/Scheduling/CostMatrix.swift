/// A dense rectangular cost matrix stored row-major in one contiguous buffer.
///
/// `Double.infinity` marks a forbidden pair. Rows are the "workers" (deliveries in the scheduler),
/// columns the "jobs" (drones); the solver handles any shape.
package struct CostMatrix: Sendable, Equatable {
    /// Number of rows.
    package let rows: Int
    /// Number of columns.
    package let columns: Int
    /// Row-major values, `values[row * columns + column]`.
    package private(set) var values: [Double]

    /// A matrix filled with `value` (forbidden by default).
    package init(rows: Int, columns: Int, repeating value: Double = .infinity) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions are programmer-controlled")
        self.rows = rows
        self.columns = columns
        self.values = [Double](repeating: value, count: rows * columns)
    }

    /// Wraps existing row-major values; `nil` when the count does not match the shape.
    package init?(rows: Int, columns: Int, values: [Double]) {
        guard rows >= 0, columns >= 0, values.count == rows * columns else { return nil }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Cost of pairing `row` with `column`; `.infinity` when forbidden.
    package subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// The same costs with rows and columns swapped.
    package func transposed() -> CostMatrix {
        var result = CostMatrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns { result.values[c * rows + r] = values[r * columns + c] }
        }
        return result
    }
}
