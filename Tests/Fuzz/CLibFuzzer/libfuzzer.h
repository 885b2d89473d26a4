// The one libFuzzer entry point Swift calls: only imported when built with -DSKYRELAY_LIBFUZZER and
// -sanitize=fuzzer, which links libclang_rt.fuzzer that defines it.
//
// SwiftPM links every executable with `--defsym main=<module>_main`, so libFuzzer's own `main` never
// runs; the fuzz executables call this driver from theirs instead.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
