/* feed_listen: one PostgreSQL connection in LISTEN on a worker's loop, for
 * the change feed (svc/sync_feed.c, D50). Non-blocking libpq on a uv_poll_t;
 * it reconnects by itself with exponential backoff (100 ms .. 2 s). Every
 * notification on the channel is handed to the callback with its payload;
 * after each (re)connection the callback gets payload NULL, meaning "you may
 * have missed notifications: look again", so nothing committed while the
 * connection was down is left waiting. Single-threaded: use it on its loop. */
#ifndef PASSEND_FEED_LISTEN_H
#define PASSEND_FEED_LISTEN_H

#include <uv.h>

typedef struct feed_listen feed_listen;

/* payload: the notification's payload, or NULL after a (re)connection. */
typedef void (*feed_listen_fn)(void *arg, const char *payload);

/* Start listening on `channel` (an identifier: letters, digits, '_') through
 * conninfo (copied). Returns NULL when out of memory. worker_id is for log
 * lines. */
__attribute__((warn_unused_result)) feed_listen *feed_listen_start(uv_loop_t *loop, const char *conninfo,
                                                                   const char *channel, feed_listen_fn fn,
                                                                   void *arg, int worker_id);
/* Close the connection and its handles; memory is freed in the handles'
 * close callbacks (run the loop). No callback comes after this call. */
void feed_listen_stop(feed_listen *l);
/* Non-zero while the LISTEN is in place. */
int feed_listen_ready(const feed_listen *l);

#endif
