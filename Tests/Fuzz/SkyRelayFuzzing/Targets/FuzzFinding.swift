/// An input broke an invariant a fuzz target checks: a bug, reported like a crash.
///
/// Expected rejections (a typed decode error, a skipped frame) are not findings; only a contradiction
/// between two paths that must agree (whole vs. chunked parsing, decode vs. re-encode) is.
public struct FuzzFinding: Error, Sendable, Hashable, CustomStringConvertible {
    /// The target that found it.
    public var target: FuzzTarget
    /// Which invariant broke, a stable short name (`chunking`, `round-trip`...).
    public var invariant: String
    /// What differed, for the report.
    public var detail: String

    public init(target: FuzzTarget, invariant: String, detail: String) {
        self.target = target
        self.invariant = invariant
        self.detail = detail
    }

    public var description: String { "\(target.rawValue): invariant '\(invariant)' violated: \(detail)" }
}

extension FuzzTarget {
    /// A finding of this target.
    func finding(_ invariant: String, _ detail: String) -> FuzzFinding {
        FuzzFinding(target: self, invariant: invariant, detail: detail)
    }

    /// Throws a finding of this target unless `condition` holds.
    func require(_ condition: Bool, _ invariant: String, _ detail: @autoclosure () -> String) throws(FuzzFinding) {
        if !condition { throw finding(invariant, detail()) }
    }
}
