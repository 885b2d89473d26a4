// Fuzz executable for the `fleet-protocol` target. Built by scripts/fuzz with -sanitize=fuzzer and
// -DSKYRELAY_LIBFUZZER it is a libFuzzer binary (flags as libFuzzer's); in a normal build it is the
// replay + mutation harness (see --help).
import SkyRelayFuzzing

#if SKYRELAY_LIBFUZZER
    @_cdecl("LLVMFuzzerTestOneInput")
    func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FuzzTarget.fleetProtocol.runTrappingFindings(data, count: size)
        return 0
    }

    LibFuzzerDriver.run(testOneInput)
#else
    await FuzzHarnessCommand.main(target: .fleetProtocol)
#endif
