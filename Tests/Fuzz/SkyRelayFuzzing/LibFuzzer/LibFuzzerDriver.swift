#if SKYRELAY_LIBFUZZER
    import CLibFuzzer
    import Foundation

    /// Hands control to libFuzzer, which parses the command line (corpus directories, `-max_total_time`...)
    /// and calls `testOneInput` for every input it generates.
    public enum LibFuzzerDriver {
        public static func run(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
        }
    }
#endif
