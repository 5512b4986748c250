/* libpassend: the batch-upsert helper of passend.v1.Sync/UpsertRecords
 * (docs/api-guide.md "Sync", docs/decisions.md D49), for a school system that
 * pushes its records (kinds leerlingen, ondersteuningsvragen, mdos,
 * tellingen) keyed by its own (source_system, external_id).
 *
 * passend_sync_upsert splits the records into chunks (one UpsertRecords call
 * each, one transaction on the server), gives every chunk a request id
 * (<prefix>-<chunk number>) and retries a chunk with exponential backoff and
 * full jitter, with the SAME request id, when the connection is lost, the
 * deadline passes or the server is UNAVAILABLE/ABORTED. The server's request
 * ledger answers a repeated id with the chunk's first answer, so a chunk is
 * applied once however often it is sent — also when the whole run is
 * repeated with the same prefix after a crash. Every record's result
 * (created, updated, unchanged, or the error naming the field) goes to a
 * callback, in record order.
 *
 * Pipelining: up to in_flight chunks (default 3) are sent, each on its own
 * HTTP/2 stream of the channel, before the first of them is answered, so the
 * next chunk is on its way while the server writes one (D53). Answers are
 * read in chunk order; a retried chunk is sent again when its answer is due.
 *
 * Thread safety: as every libpassend call, one channel per thread; the
 * helper keeps no state between calls and starts no threads. Ownership:
 * columns, values and the options' strings are the caller's and are only
 * read during the call; the result passed to on_result is the library's and
 * valid only during the callback (copy what you keep). */
#ifndef PASSEND_SYNC_UPSERT_H
#define PASSEND_SYNC_UPSERT_H

#include "passend/passend.h"
#include "passend/v1/sync_upsert.pb-c.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PASSEND_UPSERT_CHUNK_MAX     5000 /* the server's limit of records per call */
#define PASSEND_UPSERT_IN_FLIGHT_MAX 8    /* chunks on their way at once (one stream each) */

/* Options; zero-initialise, then set what you need. */
typedef struct passend_upsert_opts {
	size_t chunk_records;          /* records per call; 0 = 1000; at most PASSEND_UPSERT_CHUNK_MAX */
	int max_attempts;              /* attempts per chunk; 0 = 8 */
	int64_t retry_base_ms;         /* first backoff; 0 = 100 ms (doubling, full jitter, cap 5 s) */
	int64_t timeout_ms;            /* deadline per attempt; 0 = 60000 */
	const char *request_id_prefix; /* chunk i's id is "<prefix>-<i>"; NULL or "": no ids (then
	                                * a chunk is never retried after it may have reached the server) */
	int in_flight;                 /* chunks sent before the first of them is answered; 0 = 3,
	                                * at most PASSEND_UPSERT_IN_FLIGHT_MAX; 1 = one at a time */
} passend_upsert_opts;

/* Totals of one run. */
typedef struct passend_upsert_summary {
	size_t created, updated, unchanged, errors; /* records by outcome */
	size_t chunks;                              /* chunks answered */
	size_t retries;                             /* attempts repeated after a failure */
} passend_upsert_summary;

/* The result of record number `record` (0-based over the whole run). */
typedef void (*passend_upsert_result_cb)(void *arg, size_t record, const Passend__V1__UpsertResult *result);

/* Upsert nrecords records of kind (e.g. "leerlingen") from source_system:
 * columns[ncolumns] names the values of each record (one must be
 * "external_id"); values holds nrecords * ncolumns strings, record by
 * record. on_result (may be NULL) gets every record's result in order;
 * summary (may be NULL) the totals. Chunks are sent in order; on the first
 * chunk the server refuses as a whole (e.g. INVALID_ARGUMENT for an unknown
 * kind) or that fails after max_attempts, the run stops: the chunks before
 * it are applied, the (at most in_flight - 1) chunks already sent after it
 * are answered and reported too, the rest are not sent. Returns 0 (every chunk answered;
 * records may still have errors: see the results), PASSEND_EINVAL,
 * PASSEND_ENOMEM, PASSEND_ESTATUS (status and message on the channel) or a
 * transport error of the last attempt. */
int passend_sync_upsert(passend_channel *ch, const char *kind, const char *source_system,
                        const char *const *columns, size_t ncolumns, const char *const *values,
                        size_t nrecords, const passend_upsert_opts *opts, passend_upsert_result_cb on_result,
                        void *arg, passend_upsert_summary *summary);

#ifdef __cplusplus
}
#endif
#endif
