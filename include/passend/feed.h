/* libpassend: the change-feed consumer (passend.v1.Sync/WatchChanges,
 * issue 11, docs/decisions.md D50). passend_feed_run() follows the feed
 * until told to stop: it hands every change to the application in order,
 * lets the application persist the cursor, and on any interruption (the
 * connection lost, passendd or PostgreSQL restarted, the server ended the
 * stream because the application read too slowly) reconnects with
 * exponential backoff and resumes after the cursor the application
 * persisted. The server never repeats a change after a cursor and never
 * skips one, so an application that stores the cursor in the same
 * transaction as its processing of the change sees every change exactly
 * once; one that stores it afterwards sees each at least once (after a
 * crash between the two, the last change again).
 *
 *   static int on_change(void *arg, const Passend__V1__Change *c) { ...; return 0; }
 *   static int save(void *arg, const char *cursor) { write cursor to disk; return 0; }
 *   static int load(void *arg, char *buf, size_t n) { read it back; return 0 (or 1: none); }
 *   passend_feed_opts o = {.on_change = on_change, .save_cursor = save, .load_cursor = load};
 *   rc = passend_feed_run(ch, &o);
 *
 * Thread safety and ownership: passend_feed_run uses the channel
 * exclusively until it returns (a channel is one thread's, passend.h); the
 * callbacks run on the calling thread, one at a time, and must not use that
 * channel (open another one for calls made while following the feed). The
 * change and cursor passed to a callback belong to the library and are valid
 * only during the callback: copy what you keep. opts and its strings are
 * read, never kept after the call returns. To stop from another thread or a
 * signal handler, set *opts->stop to non-zero: the consumer returns at the
 * next message (a heartbeat comes at least every feed_heartbeat_ms, 15 s by
 * default) or during a backoff wait. */
#ifndef PASSEND_FEED_H
#define PASSEND_FEED_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "passend/passend.h"
#include "passend/v1/sync_feed.pb-c.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct passend_feed_opts {
	/* Called for every change, in cursor order. Return 0 to go on, non-zero
	 * to stop (passend_feed_run returns PASSEND_ECANCELLED). c->cursor is
	 * this change's position. Required. */
	int (*on_change)(void *arg, const Passend__V1__Change *c);
	/* Called after the changes of one message were handled (and with
	 * heartbeats, when the cursor moved), with the cursor to persist.
	 * Non-zero stops as on_change. May be NULL. */
	int (*save_cursor)(void *arg, const char *cursor);
	/* Called before every connection: write the persisted cursor (at most
	 * n bytes with its NUL) into buf and return 0, or return 1 when there
	 * is none yet (then `since` / from_now apply on the first connection,
	 * the last cursor seen on later ones). Negative stops with that code.
	 * May be NULL: the consumer resumes from the last cursor it saw. */
	int (*load_cursor)(void *arg, char *buf, size_t n);
	/* Told about every interruption before the backoff wait (for logs):
	 * the PASSEND_E* code, the gRPC status and message, and the wait. Non-zero
	 * stops (returns rc). May be NULL. */
	int (*on_disconnect)(void *arg, int rc, int status, const char *message, int64_t retry_in_ms);
	void *arg;
	const char *since;           /* first cursor when load_cursor has none; NULL/"" = oldest */
	int from_now;                /* with no cursor at all: start after the newest change */
	int64_t backoff_min_ms;      /* first wait after a failure; 0 = 200 (doubled, full jitter) */
	int64_t backoff_max_ms;      /* 0 = 30000 */
	int max_failures;            /* consecutive failed attempts before giving up; 0 = never */
	int64_t stream_timeout_ms;   /* each stream's deadline, then it resumes (bounds how long a
	                              * silently dead connection goes unnoticed); 0 = none */
	volatile sig_atomic_t *stop; /* set non-zero to stop (returns 0); may be NULL */
} passend_feed_opts;

/* Follow the change feed on ch until stopped. Returns 0 when *opts->stop was
 * set, PASSEND_ECANCELLED when a callback asked to stop, PASSEND_ESTATUS for
 * an error a retry cannot fix (PERMISSION_DENIED, e.g. a toezicht token;
 * UNAUTHENTICATED; INVALID_ARGUMENT, e.g. a malformed cursor; OUT_OF_RANGE:
 * the persisted cursor is older than the changes the server keeps
 * (feed_retention_s, default 30 days, D53), so changes were lost: resync the
 * objects you follow, then start again with from_now and no cursor; see
 * passend_last_status), PASSEND_EINVAL for bad options, or the last error
 * after max_failures failed attempts in a row. Retried: UNAVAILABLE (server
 * or database restarting, connection lost), ABORTED (read too slowly: at
 * once), RESOURCE_EXHAUSTED (too many feeds on this token), DEADLINE_EXCEEDED
 * and transport errors. */
int passend_feed_run(passend_channel *ch, const passend_feed_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
