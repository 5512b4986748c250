/* sync_upsert: libpassend's batch upsert (include/passend/sync_upsert.h):
 * chunks of records as UpsertRecords calls, each with its request id,
 * retried with backoff and the same id until answered, and each record's
 * result handed to the caller in order. */
#include "passend/sync_upsert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "grpc_status.h"

#define METHOD            "/passend.v1.Sync/UpsertRecords"
#define DEFAULT_CHUNK     1000
#define DEFAULT_TRIES     8
#define DEFAULT_IN_FLIGHT 3
#define DEFAULT_WAIT      60000
#define RETRY_CAP         5000

/* 1 if the attempt may be repeated with the same request id: the answer
 * was lost or the server could not take it now. */
static int retryable(int rc, int st)
{
	if (rc == PASSEND_ETLS || rc == PASSEND_EINVAL || rc == PASSEND_ENOMEM) return 0;
	return st == GRPC_STATUS_UNAVAILABLE || st == GRPC_STATUS_DEADLINE_EXCEEDED ||
	       st == GRPC_STATUS_ABORTED;
}

/* One chunk on its way: its stream (NULL before it was sent or after a
 * failed attempt), its records and its attempts so far. */
typedef struct chunk_call {
	passend_stream *s;
	size_t first, n, number;
	int attempt, rc, status; /* the last attempt's error and gRPC status */
} chunk_call;

typedef struct upsert_run {
	passend_channel *ch;
	const char *kind, *source_system;
	const char *const *columns;
	size_t ncolumns;
	const char *const *values;
	passend_upsert_opts o;
	int with_ids;
	Passend__V1__UpsertRecord *recs;
	Passend__V1__UpsertRecord **recp;
} upsert_run;

/* Send chunk c as one UpsertRecords call on its own stream (unary on the
 * wire: one message, then the half-close); the answer is read later, so
 * several chunks can be on their way at once. Returns 0 or c->rc. */
static int chunk_send(upsert_run *u, chunk_call *c)
{
	char rid[200];
	for (size_t i = 0; i < c->n; i++) {
		passend__v1__upsert_record__init(&u->recs[i]);
		u->recs[i].n_values = u->ncolumns;
		u->recs[i].values = (char **)(u->values + (c->first + i) * u->ncolumns); /* read only */
		u->recp[i] = &u->recs[i];
	}
	Passend__V1__UpsertRecordsRequest req = PASSEND__V1__UPSERT_RECORDS_REQUEST__INIT;
	req.kind = (char *)u->kind;
	req.source_system = (char *)u->source_system;
	req.n_columns = u->ncolumns;
	req.columns = (char **)u->columns;
	req.n_records = c->n;
	req.records = u->recp;
	if (u->with_ids) {
		snprintf(rid, sizeof rid, "%s-%zu", u->o.request_id_prefix, c->number);
		req.request_id = rid;
	}
	passend_call_opts co = {.timeout_ms = u->o.timeout_ms, .idempotent = 0};
	c->rc =
	    passend_stream_open(u->ch, METHOD, &passend__v1__upsert_records_response__descriptor, &co, &c->s);
	if (c->rc == 0) c->rc = passend_stream_send(c->s, &req.base);
	if (c->rc == 0) c->rc = passend_stream_close_send(c->s);
	if (c->rc != 0) {
		c->status = passend_last_status(u->ch);
		passend_stream_free(c->s);
		c->s = NULL;
	}
	return c->rc;
}

/* The answer of chunk c (sent before, or sent again here after a failed
 * attempt), retried with the same request id while that may help. Returns 0
 * and *resp, or the last attempt's error. */
static int chunk_answer(upsert_run *u, chunk_call *c, passend_upsert_summary *sum, uint64_t *rng,
                        ProtobufCMessage **resp)
{
	for (;;) {
		if (c->s) {
			c->rc = passend_stream_close_and_recv(c->s, resp);
			c->status = passend_last_status(u->ch);
			passend_stream_free(c->s);
			c->s = NULL;
		}
		if (c->rc == 0) return 0;
		if (!u->with_ids || c->attempt + 1 >= u->o.max_attempts || !retryable(c->rc, c->status))
			return c->rc;
		sum->retries++;
		status_sleep_ms(
		    status_backoff_ms(u->o.retry_base_ms, RETRY_CAP, c->attempt, status_rand(rng)));
		c->attempt++;
		(void)chunk_send(u, c);
	}
}

int passend_sync_upsert(passend_channel *ch, const char *kind, const char *source_system,
                        const char *const *columns, size_t ncolumns, const char *const *values,
                        size_t nrecords, const passend_upsert_opts *opts, passend_upsert_result_cb on_result,
                        void *arg, passend_upsert_summary *summary)
{
	upsert_run u = {ch, kind, source_system, columns, ncolumns, values, {0}, 0, NULL, NULL};
	passend_upsert_summary sum = {0};
	if (opts) u.o = *opts;
	if (!ch || !kind || !source_system || !columns || !ncolumns || (nrecords && !values))
		return PASSEND_EINVAL;
	if (!u.o.chunk_records) u.o.chunk_records = DEFAULT_CHUNK;
	if (u.o.chunk_records > PASSEND_UPSERT_CHUNK_MAX) return PASSEND_EINVAL;
	if (u.o.max_attempts <= 0) u.o.max_attempts = DEFAULT_TRIES;
	if (u.o.retry_base_ms <= 0) u.o.retry_base_ms = 100;
	if (u.o.timeout_ms <= 0) u.o.timeout_ms = DEFAULT_WAIT;
	if (u.o.in_flight <= 0) u.o.in_flight = DEFAULT_IN_FLIGHT;
	if (u.o.in_flight > PASSEND_UPSERT_IN_FLIGHT_MAX) return PASSEND_EINVAL;
	u.with_ids = u.o.request_id_prefix && u.o.request_id_prefix[0];
	if (u.with_ids && strlen(u.o.request_id_prefix) > 180) return PASSEND_EINVAL;

	u.recs = calloc(u.o.chunk_records, sizeof *u.recs);
	u.recp = calloc(u.o.chunk_records, sizeof *u.recp);
	if (!u.recs || !u.recp) {
		free(u.recs);
		free(u.recp);
		return PASSEND_ENOMEM;
	}
	uint64_t rng = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)ch;
	int rc = 0;
	size_t nchunks = nrecords ? (nrecords + u.o.chunk_records - 1) / u.o.chunk_records : 1;
	/* the chunks on their way, in order: a ring of in_flight */
	chunk_call ring[PASSEND_UPSERT_IN_FLIGHT_MAX];
	size_t head = 0, sent = 0, stop = nchunks; /* stop: no chunk from here on is sent */
	while (head < sent || sent < stop) {
		while (sent < stop && sent - head < (size_t)u.o.in_flight) {
			chunk_call *c = &ring[sent % PASSEND_UPSERT_IN_FLIGHT_MAX];
			size_t first = sent * u.o.chunk_records;
			*c = (chunk_call){.first = first, .number = sent};
			c->n = nrecords - first < u.o.chunk_records ? nrecords - first : u.o.chunk_records;
			sent++;
			/* a chunk that could not be sent is sent again (or fails) when its answer is due */
			(void)chunk_send(&u, c);
		}
		chunk_call *c = &ring[head % PASSEND_UPSERT_IN_FLIGHT_MAX];
		head++;
		ProtobufCMessage *resp = NULL;
		int crc = chunk_answer(&u, c, &sum, &rng, &resp);
		if (crc != 0) {
			/* stop: send nothing more; the chunks already on their way are
			 * still answered and reported, the first failure is returned */
			if (rc == 0) rc = crc;
			stop = sent;
			continue;
		}
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
			if (on_result) on_result(arg, c->first + (size_t)(x->index >= 0 ? x->index : 0), x);
		}
		sum.chunks++;
		protobuf_c_message_free_unpacked(resp, NULL);
	}
	free(u.recs);
	free(u.recp);
	if (summary) *summary = sum;
	return rc;
}
