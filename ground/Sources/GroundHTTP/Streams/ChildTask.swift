/// Runs `operation` in a child task and returns its result (`fallback` if the group ended without one).
///
/// A task keeps its async-stack slabs until it ends; a long-lived task (a connection's, which runs an
/// SSE stream's loop) that makes a deep call now and then would keep that call's memory for its whole
/// life. In a child task the memory is freed when the call returns. A task group's child is allocated
/// apart from the parent's stack, where an `async let` reserves about 640 bytes of the parent's.
func inChildTask<Result: Sendable>(
    or fallback: Result, _ operation: @escaping @Sendable () async -> Result
) async -> Result {
    await withTaskGroup(of: Result.self, returning: Result.self) { group in
        group.addTask(operation: operation)
        // The group holds exactly the one child added above.
        return await group.next() ?? fallback
    }
}
