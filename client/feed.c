/* feed.c: the change-feed consumer passend_feed_run (include/passend/feed.h,
 * D50): WatchChanges streams one after the other, each resumed after the
 * cursor the application persisted, with exponential backoff and full jitter
 * between failed attempts (reset once a stream delivered a message). */
#include "passend/feed.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "grpc_status.h"

#define FEED_METHOD     "/passend.v1.Sync/WatchChanges"
#define FEED_CURSOR_MAX 64

typedef struct feed_ctx {
	const passend_feed_opts *o;
	char cursor[FEED_CURSOR_MAX]; /* the last cursor seen ("" = none yet) */
	int got;                      /* this stream delivered a message */
	int stop_rc;                  /* a callback's stop code */
} feed_ctx;

static int stopped(const passend_feed_opts *o)
{
	return o->stop && *o->stop;
}

static int on_message(void *arg, const ProtobufCMessage *msg)
{
	feed_ctx *f = arg;
	const passend_feed_opts *o = f->o;
	const Passend__V1__WatchChangesResponse *m = (const Passend__V1__WatchChangesResponse *)msg;
	f->got = 1;
	for (size_t i = 0; i < m->n_changes; i++) {
		int rc = o->on_change(o->arg, m->changes[i]);
		if (rc != 0) {
			f->stop_rc = PASSEND_ECANCELLED;
			return 1;
		}
	}
	int moved = m->cursor && m->cursor[0] && strcmp(m->cursor, f->cursor) != 0;
	if (moved && strlen(m->cursor) < sizeof f->cursor) {
		memcpy(f->cursor, m->cursor, strlen(m->cursor) + 1);
		if (o->save_cursor && o->save_cursor(o->arg, f->cursor) != 0) {
			f->stop_rc = PASSEND_ECANCELLED;
			return 1;
		}
	}
	return stopped(o) ? 1 : 0;
}

/* Sleep ms, in slices, returning early (1) when asked to stop. */
static int wait_ms(const passend_feed_opts *o, int64_t ms)
{
	while (ms > 0) {
		if (stopped(o)) return 1;
		int64_t slice = ms > 100 ? 100 : ms;
		struct timespec ts = {slice / 1000, (long)(slice % 1000) * 1000000L};
		nanosleep(&ts, NULL);
		ms -= slice;
	}
	return stopped(o);
}

/* Whether a failed stream is worth another attempt. */
static int retryable(int rc, int status)
{
	if (rc == PASSEND_EINVAL || rc == PASSEND_ENOMEM || rc == PASSEND_ETLS || rc == PASSEND_EDECODE)
		return 0;
	if (rc != PASSEND_ESTATUS) return 1; /* transport: connect, closed, timeout, protocol */
	switch (status) {
	case GRPC_STATUS_UNAVAILABLE:
	case GRPC_STATUS_ABORTED:
	case GRPC_STATUS_RESOURCE_EXHAUSTED:
	case GRPC_STATUS_DEADLINE_EXCEEDED:
	case GRPC_STATUS_CANCELLED:
	case GRPC_STATUS_INTERNAL:
	case GRPC_STATUS_UNKNOWN:
		return 1;
	default:
		return 0;
	}
}

int passend_feed_run(passend_channel *ch, const passend_feed_opts *opts)
{
	if (!ch || !opts || !opts->on_change) return PASSEND_EINVAL;
	feed_ctx f = {.o = opts};
	int64_t bmin = opts->backoff_min_ms > 0 ? opts->backoff_min_ms : 200;
	int64_t bmax = opts->backoff_max_ms > 0 ? opts->backoff_max_ms : 30000;
	if (bmax < bmin) bmax = bmin;
	int failures = 0, first = 1, waits = 0; /* waits: backoffs since a stream delivered */
	uint64_t rng = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)&f;
	if (opts->since && strlen(opts->since) >= sizeof f.cursor) return PASSEND_EINVAL;
	if (opts->since) strcpy(f.cursor, opts->since);
	while (!stopped(opts)) {
		Passend__V1__WatchChangesRequest req = PASSEND__V1__WATCH_CHANGES_REQUEST__INIT;
		char loaded[FEED_CURSOR_MAX];
		int lrc = opts->load_cursor ? opts->load_cursor(opts->arg, loaded, sizeof loaded) : 1;
		if (lrc < 0) return lrc;
		if (lrc == 0) {
			loaded[sizeof loaded - 1] = '\0';
			strcpy(f.cursor, loaded);
		}
		req.since = f.cursor;
		req.from_now = first && opts->from_now && !f.cursor[0];
		first = 0;
		passend_call_opts co = {.timeout_ms = opts->stream_timeout_ms};
		f.got = 0;
		int rc = passend_call_stream(ch, FEED_METHOD, &req.base,
		                             &passend__v1__watch_changes_response__descriptor, on_message, &f,
		                             &co);
		if (f.stop_rc) return f.stop_rc;
		if (stopped(opts)) return 0;
		int status = passend_last_status(ch);
		if (rc == 0) status = GRPC_STATUS_OK; /* the server ended the stream: resume */
		if (rc != 0 && !retryable(rc, status)) return rc;
		if (f.got) {
			failures = 0;
			waits = 0;
		} else if (opts->max_failures > 0 && ++failures >= opts->max_failures) {
			return rc ? rc : PASSEND_ECLOSED;
		}
		/* A stream ended for reading too slowly resumes at once; the rest
		 * waits as a retried call does (status_backoff_ms: full jitter up to
		 * bmin doubled per wait, capped at bmax). */
		int64_t delay = 0;
		if (!(rc == PASSEND_ESTATUS && status == GRPC_STATUS_ABORTED))
			delay = status_backoff_ms(bmin, bmax, waits++, status_rand(&rng));
		if (opts->on_disconnect) {
			int drc = opts->on_disconnect(opts->arg, rc, status, passend_last_message(ch), delay);
			if (drc != 0) return drc;
		}
		if (wait_ms(opts, delay)) return 0;
	}
	return 0;
}
