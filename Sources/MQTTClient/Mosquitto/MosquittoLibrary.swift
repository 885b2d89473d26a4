import CMosquitto

/// `mosquitto_lib_init` must run once per process before any handle exists.
enum MosquittoLibrary {
    /// Swift runs a static `let` initializer exactly once, thread-safely: that is the lazy init.
    private static let initialized: Int32 = mosquitto_lib_init()

    static func initialize() {
        _ = initialized
    }
}
