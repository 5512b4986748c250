/* sync_upsert: libpassend's batch upsert (include/passend/sync_upsert.h):
 * chunks of records as UpsertRecords calls, each with its request id,
 * retried with backoff and the same id until answered, and each record's
 * result handed to the caller in order. */
#include "passend/sync_upsert.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "grpc_status.h"

#define METHOD        "/passend.v1.Sync/UpsertRecords"
#define DEFAULT_CHUNK 1000
#define DEFAULT_TRIES 8
#define DEFAULT_WAIT  60000
#define RETRY_CAP     5000

static void nap(int64_t ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* 1 if the attempt may be repeated with the same request id: the answer
 * was lost or the server could not take it now. */
static int retryable(passend_channel *ch, int rc)
{
	if (rc == PASSEND_ETLS || rc == PASSEND_EINVAL || rc == PASSEND_ENOMEM) return 0;
	int st = passend_last_status(ch);
	return st == GRPC_STATUS_UNAVAILABLE || st == GRPC_STATUS_DEADLINE_EXCEEDED ||
	       st == GRPC_STATUS_ABORTED;
}

int passend_sync_upsert(passend_channel *ch, const char *kind, const char *source_system,
                        const char *const *columns, size_t ncolumns, const char *const *values,
                        size_t nrecords, const passend_upsert_opts *opts, passend_upsert_result_cb on_result,
                        void *arg, passend_upsert_summary *summary)
{
	passend_upsert_opts o = opts ? *opts : (passend_upsert_opts){0};
	passend_upsert_summary sum = {0};
	if (!ch || !kind || !source_system || !columns || !ncolumns || (nrecords && !values))
		return PASSEND_EINVAL;
	if (!o.chunk_records) o.chunk_records = DEFAULT_CHUNK;
	if (o.chunk_records > PASSEND_UPSERT_CHUNK_MAX) return PASSEND_EINVAL;
	if (o.max_attempts <= 0) o.max_attempts = DEFAULT_TRIES;
	if (o.retry_base_ms <= 0) o.retry_base_ms = 100;
	if (o.timeout_ms <= 0) o.timeout_ms = DEFAULT_WAIT;
	int with_ids = o.request_id_prefix && o.request_id_prefix[0];
	if (with_ids && strlen(o.request_id_prefix) > 180) return PASSEND_EINVAL;

	Passend__V1__UpsertRecord *recs = calloc(o.chunk_records, sizeof *recs);
	Passend__V1__UpsertRecord **recp = calloc(o.chunk_records, sizeof *recp);
	if (!recs || !recp) {
		free(recs);
		free(recp);
		return PASSEND_ENOMEM;
	}
	uint64_t rng = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)ch;
	int rc = 0;
	char rid[200];
	for (size_t first = 0, chunk = 0; first < nrecords || (nrecords == 0 && chunk == 0); chunk++) {
		size_t n = nrecords - first < o.chunk_records ? nrecords - first : o.chunk_records;
		for (size_t i = 0; i < n; i++) {
			passend__v1__upsert_record__init(&recs[i]);
			recs[i].n_values = ncolumns;
			recs[i].values = (char **)(values + (first + i) * ncolumns); /* read only */
			recp[i] = &recs[i];
		}
		Passend__V1__UpsertRecordsRequest req = PASSEND__V1__UPSERT_RECORDS_REQUEST__INIT;
		req.kind = (char *)kind;
		req.source_system = (char *)source_system;
		req.n_columns = ncolumns;
		req.columns = (char **)columns;
		req.n_records = n;
		req.records = recp;
		if (with_ids) {
			snprintf(rid, sizeof rid, "%s-%zu", o.request_id_prefix, chunk);
			req.request_id = rid;
		}
		passend_call_opts co = {.timeout_ms = o.timeout_ms, .idempotent = 0};
		ProtobufCMessage *resp = NULL;
		for (int attempt = 0;; attempt++) {
			rc =
			    passend_call_unary(ch, METHOD, &req.base,
			                       &passend__v1__upsert_records_response__descriptor, &resp, &co);
			if (rc == 0 || !with_ids || attempt + 1 >= o.max_attempts || !retryable(ch, rc))
				break;
			sum.retries++;
			nap(status_backoff_ms(o.retry_base_ms, RETRY_CAP, attempt, status_rand(&rng)));
		}
		if (rc != 0) break;
		const Passend__V1__UpsertRecordsResponse *r =
		    (const Passend__V1__UpsertRecordsResponse *)resp;
		for (size_t i = 0; i < r->n_results; i++) {
			const Passend__V1__UpsertResult *x = r->results[i];
			switch (x->outcome) {
			case PASSEND__V1__UPSERT_OUTCOME__UPSERT_CREATED:
				sum.created++;
				break;
			case PASSEND__V1__UPSERT_OUTCOME__UPSERT_UPDATED:
				sum.updated++;
				break;
			case PASSEND__V1__UPSERT_OUTCOME__UPSERT_UNCHANGED:
				sum.unchanged++;
				break;
			default:
				sum.errors++;
			}
			if (on_result) on_result(arg, first + (size_t)(x->index >= 0 ? x->index : 0), x);
		}
		sum.chunks++;
		protobuf_c_message_free_unpacked(resp, NULL);
		first += n;
		if (nrecords == 0) break;
	}
	free(recs);
	free(recp);
	if (summary) *summary = sum;
	return rc;
}
