/// A point in a local metric plane: metres east (`x`) and north (`y`) of a ``LocalProjection``'s origin.
package struct PlanarPoint: Sendable, Hashable {
    package var x: Double
    package var y: Double

    package init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    static func + (a: PlanarPoint, b: PlanarPoint) -> PlanarPoint { PlanarPoint(x: a.x + b.x, y: a.y + b.y) }
    static func - (a: PlanarPoint, b: PlanarPoint) -> PlanarPoint { PlanarPoint(x: a.x - b.x, y: a.y - b.y) }
    static func * (a: PlanarPoint, k: Double) -> PlanarPoint { PlanarPoint(x: a.x * k, y: a.y * k) }

    var length: Double { (x * x + y * y).squareRoot() }

    func distance(to other: PlanarPoint) -> Double { (other - self).length }
}
