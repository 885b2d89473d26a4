#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CPU time consumed by the calling thread: how much of a core the simulation thread really used,
/// unlike wall-clock busy time, which also counts time the thread was preempted.
enum ThreadCPUClock {
    /// Seconds of CPU the current thread has used, or nil where the clock is unavailable.
    static func now() -> Double? {
        var ts = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0 else { return nil }
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
