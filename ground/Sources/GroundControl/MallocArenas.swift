#if canImport(Glibc)
    import Glibc
#endif

/// glibc's malloc arenas. glibc lets threads spread over up to 8 arenas per core, and each arena keeps
/// what was freed in it for its own reuse, resident. Ground caps the arenas at start, before its threads
/// allocate, unless `MALLOC_ARENA_MAX` is set (glibc then applies that itself). Measured on 2 cores, back to
/// back: with 1,000 drones flying and no stream, 70 MB resident against 83 MB with glibc's default; with
/// 10,100 streams open the totals were alike (the streams benchmark, docs/benchmarks.md).
package enum MallocArenas {
    /// `M_ARENA_MAX` of glibc's `<malloc.h>`, which the Glibc module does not bring in.
    static let arenaMaxParameter: Int32 = -8

    /// One arena per core, at least 2.
    package static func defaultCount(cores: Int) -> Int { max(2, cores) }

    /// Caps the arenas at `count` unless `environment` sets `MALLOC_ARENA_MAX`; returns the cap set, nil
    /// when none was (the variable is set, or not glibc).
    package static func limit(to count: Int, environment: [String: String]) -> Int? {
        #if canImport(Glibc)
            guard environment["MALLOC_ARENA_MAX"] == nil, count > 0 else { return nil }
            // mallopt is in <malloc.h>, which the Glibc module does not bring in: looked up by name.
            guard let symbol = dlsym(nil, "mallopt") else { return nil }
            let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
            return mallopt(arenaMaxParameter, Int32(count)) == 1 ? count : nil
        #else
            return nil
        #endif
    }
}
