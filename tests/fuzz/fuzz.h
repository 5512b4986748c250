/* fuzz: what every libFuzzer target in tests/fuzz/ shares: the entry points
 * (built with -fsanitize=fuzzer by ENABLE_FUZZ, or with replay.c as a plain
 * corpus replayer in the test build), a check that aborts with a message,
 * and a builder of client-side HTTP/2 bytes for the targets that drive the
 * server socket-free. */
#ifndef PASSEND_FUZZ_H
#define PASSEND_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Abort (a crash for libFuzzer) with "fuzz check failed: <what>" when cond
 * is false: the invariants a target checks beyond the sanitizers. */
#define FUZZ_CHECK(cond, what)                                                                               \
	do {                                                                                                 \
		if (!(cond)) fuzz_fail(__FILE__, __LINE__, what);                                            \
	} while (0)
__attribute__((noreturn)) void fuzz_fail(const char *file, int line, const char *what);

/* ---- client HTTP/2 bytes -------------------------------------- */
/* Append the client connection preface and an empty SETTINGS frame. */
__attribute__((warn_unused_result)) int fuzz_h2c_preface(buf *b);
/* Append a HEADERS frame (END_HEADERS, END_STREAM if end) for stream id with
 * a POST of :path and content-type application/grpc, every field as an
 * HPACK literal without indexing (so no compression state is involved). */
__attribute__((warn_unused_result)) int fuzz_h2c_request(buf *b, int32_t id, const char *path, int end);
/* Append the gRPC message p[0..n) (5-byte prefix added) as DATA frames of at
 * most 16384 bytes on stream id, the last one with END_STREAM. */
__attribute__((warn_unused_result)) int fuzz_h2c_message(buf *b, int32_t id, const uint8_t *p, size_t n);

#endif
