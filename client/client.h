/* client.h: libpassend internals shared by channel.c (options, status,
 * lifecycle), transport.c (TCP + TLS + HTTP/2 session driven by poll()),
 * call.c (one gRPC call, deadlines, retries), stream.c (calls with a stream
 * of request messages) and status.c (pure response interpretation and
 * backoff arithmetic, unit-tested without sockets). */
#ifndef PASSEND_CLIENT_H
#define PASSEND_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <nghttp2/nghttp2.h>
#include <openssl/ssl.h>

#include "buf.h"
#include "grpc_frame.h"
#include "passend/passend.h"

/* Internal symbols stay out of libpassend.so's exported interface. */
#pragma GCC visibility push(hidden)

#define CLIENT_USER_AGENT "passend-c/" PASSEND_VERSION_STRING
#define CLIENT_DETAIL_MAX 512

/* Connection state of a channel (one connection at a time). */
enum client_conn_state {
	CLIENT_CONN_IDLE = 0, /* no connection: the next call connects */
	CLIENT_CONN_READY,    /* TCP + TLS + HTTP/2 preface done, accepting new streams */
	CLIENT_CONN_DRAINING, /* GOAWAY received or I/O failed: no new streams, reconnect next call */
};

struct client_md {
	char *key;
	char *value;
};

struct client_call;

struct passend_channel {
	/* configuration (copied strings) */
	char *host; /* without brackets */
	char *port;
	char *authority;   /* "host:port" as given, for :authority */
	char *server_name; /* name to verify and send as SNI */
	char *ca_file;
	char *client_cert;
	char *client_key;
	int plaintext;
	int64_t connect_timeout_ms;
	int max_retries;
	int64_t retry_base_ms;
	uint32_t max_message_bytes;
	struct client_md *md; /* extra request metadata; includes authorization */
	size_t md_len;

	/* connection */
	enum client_conn_state state;
	int fd;
	SSL_CTX *ssl_ctx; /* created on first TLS connect, kept across reconnects */
	SSL *ssl;
	BIO *rbio; /* network -> SSL (owned by ssl) */
	BIO *wbio; /* SSL -> network (owned by ssl) */
	nghttp2_session *h2;
	buf out;                       /* bytes to write to the socket */
	int32_t goaway_last_stream_id; /* -1 when no GOAWAY seen */
	struct client_call *calls; /* calls that have a stream on this channel (linked by transport_submit) */

	/* results of the last call */
	int last_status;
	char *last_message;
	char detail[CLIENT_DETAIL_MAX];

	uint64_t rng; /* xorshift state for retry jitter (per channel: no global state) */
};

/* Callback for each whole response message (raw protobuf bytes). Returns 0 to
 * continue, or stops the call with: PASSEND_ECANCELLED (CANCELLED),
 * PASSEND_EDECODE, PASSEND_ENOMEM, or any other negative value (INTERNAL,
 * "more than one response message in a unary call"). */
typedef int (*client_msg_cb)(void *arg, const uint8_t *msg, size_t len);

/* One call on the wire. Lives on the stack of call.c's attempt function, or
 * in a passend_stream; transport callbacks reach it through the stream user
 * data, which transport_end_call clears. */
struct client_call {
	int32_t stream_id;
	struct client_call *next, *prev; /* ch->calls, from transport_submit to transport_end_call */
	const uint8_t *req;              /* framed request (prefix + message); not for streaming calls */
	size_t req_len;
	size_t req_off;
	grpc_frame_reader reader;
	client_msg_cb on_msg; /* NULL for streaming calls: stream.c takes messages from reader */
	void *arg;
	size_t messages; /* messages delivered */

	/* streaming requests (stream.c): the request body is sendq until half_closed */
	int streaming;
	buf sendq;         /* framed messages nghttp2 has not taken yet */
	int half_closed;   /* no more messages: END_STREAM after sendq */
	int deferred;      /* the request body waits for sendq */
	int receiving;     /* the caller waits for a response message */
	size_t unconsumed; /* response bytes not yet given back to the stream window */
	int conn_err;      /* PASSEND_E* when the connection failed under the call, else 0 */
	int channel_gone;  /* the channel was closed: the call must not touch it */

	int http_status; /* 0 until :status seen */
	int bad_content_type;
	int grpc_status;           /* -1 until seen; -2 when malformed */
	char *grpc_message;        /* raw (percent-encoded) value, malloc'd */
	int closed;                /* stream closed (any reason) */
	uint32_t rst_code;         /* error code from on_stream_close */
	int local_status;          /* -1, or a status decided locally (too large, cancelled) */
	int local_err;             /* PASSEND_E* paired with local_status */
	const char *local_message; /* static string for local_status */
};

/* ---- channel.c ---- */
/* Record the result of a call: status code, message (copied; NULL = "").
 * Returns `err` so callers can `return client_set_status(...)`. */
int client_set_status(passend_channel *ch, int err, int code, const char *msg);
/* Format the transport error detail (replaces the previous one). */
void client_set_detail(passend_channel *ch, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- transport.c ---- */
/* Ensure a READY connection, connecting (TCP, TLS, preface) if needed before
 * `deadline_ms` (absolute monotonic ms, 0 = none; the connect timeout also
 * applies). Returns 0, PASSEND_ECONNECT, PASSEND_ETLS or PASSEND_ENOMEM, with
 * ch->detail set on failure. */
__attribute__((warn_unused_result)) int transport_ensure(passend_channel *ch, int64_t deadline_ms);
/* What transport_wait waits for. */
enum transport_until {
	UNTIL_CLOSED = 0, /* the call's stream is closed */
	UNTIL_MESSAGE,    /* a whole response message is in call->reader, or closed */
	UNTIL_SENT,       /* call->sendq is below CLIENT_SEND_HWM, or closed */
};
/* Unsent request bytes of a streaming call above which sending blocks. */
#define CLIENT_SEND_HWM (64 * 1024)
/* Drive I/O (every stream of the channel) until `until` holds for `call` or
 * deadline_ms passes. Returns 0, PASSEND_ETIMEOUT, or PASSEND_ECLOSED /
 * PASSEND_EPROTO / PASSEND_ETLS / PASSEND_EIO when the connection failed (it
 * is then torn down, every call on it closed with conn_err, detail set). */
__attribute__((warn_unused_result)) int transport_wait(passend_channel *ch, struct client_call *call,
                                                       enum transport_until until, int64_t deadline_ms);
/* transport_wait until the call is closed. */
__attribute__((warn_unused_result)) int transport_run(passend_channel *ch, struct client_call *call,
                                                      int64_t deadline_ms);
/* Start `call` as a new stream with the given request headers; the request
 * body is call->req, or call->sendq for a streaming call. Returns 0
 * (call->stream_id set, call linked into ch->calls), PASSEND_ENOMEM or
 * PASSEND_ECLOSED (no new streams possible). */
__attribute__((warn_unused_result)) int transport_submit(passend_channel *ch, struct client_call *call,
                                                         const nghttp2_nv *nva, size_t nvlen);
/* Stop an unfinished call: RST_STREAM CANCEL (written without waiting),
 * and no callback touches the call again (it counts as closed). */
void transport_cancel(passend_channel *ch, struct client_call *call);
/* The call leaves the channel (every submitted call; again does nothing):
 * transport_cancel if its stream is still open, and unlinked from
 * ch->calls. */
void transport_end_call(passend_channel *ch, struct client_call *call);
/* New request bytes in a streaming call's sendq (or its half-close): let
 * nghttp2 take them. */
void transport_resume(passend_channel *ch, struct client_call *call);
/* Give n response bytes of a streaming call back to its stream window. */
void transport_consume(passend_channel *ch, struct client_call *call, size_t n);
/* Say goodbye on a READY connection (GOAWAY, TLS close_notify) without
 * waiting; transport_close() must follow. */
void transport_goodbye(passend_channel *ch);
/* Close the connection and free its state; the channel becomes IDLE. */
void transport_close(passend_channel *ch);

/* ---- status.c (pure functions) ---- */
/* gRPC status for a non-200 HTTP status, per the gRPC HTTP-to-gRPC mapping. */
int status_from_http(int http_status);
/* gRPC status for an RST_STREAM / GOAWAY HTTP/2 error code. */
int status_from_h2_error(uint32_t error_code);
/* Parse a grpc-status value (1-2 ASCII digits, 0..16 or any integer up to
 * 99). Returns the code or -2 when malformed. */
__attribute__((warn_unused_result)) int status_parse_grpc_status(const uint8_t *v, size_t n);
/* Final status of a closed call: sets *code and *msg (malloc'd, caller frees;
 * NULL when out of memory). Returns the PASSEND_* error to return: 0 when OK,
 * PASSEND_ESTATUS for a server status, PASSEND_ETIMEOUT for DEADLINE_EXCEEDED,
 * PASSEND_EPROTO for protocol violations, PASSEND_ECLOSED for a reset stream. */
__attribute__((warn_unused_result)) int status_resolve(const struct client_call *call, int *code, char **msg);
/* Retry backoff for attempt n (0-based): full jitter, a random value in
 * [0, min(cap_ms, base_ms * 2^n)], using `rnd` (any 64-bit random number). */
int64_t status_backoff_ms(int64_t base_ms, int64_t cap_ms, int attempt, uint64_t rnd);
/* xorshift64* step: returns a random number and advances *state (non-zero). */
uint64_t status_rand(uint64_t *state);
/* Sleep ms milliseconds (the wait between retries), resumed after a signal. */
void status_sleep_ms(int64_t ms);

/* ---- call.c ---- */
/* The request headers of a call of `method` on ch (pseudo-headers,
 * content-type, te, user-agent, grpc-timeout for `deadline` (absolute
 * monotonic ms, 0 = none) written into timeout[16], the channel's
 * metadata). Returns a calloc'd array (caller frees; the strings are
 * borrowed from ch, method and timeout) and its length in *n, or NULL when
 * out of memory. */
__attribute__((warn_unused_result)) nghttp2_nv *client_request_headers(passend_channel *ch,
                                                                       const char *method, int64_t deadline,
                                                                       char timeout[16], size_t *n);
/* Non-zero for "/<service>/<method>". */
int client_valid_method(const char *method);

/* --- typed stubs (stubs_v1.c) ------------------------------------------- */

/* When a typed call may be repeated on UNAVAILABLE. */
enum retry_rule {
	RETRY_CALLER = 0,     /* opts->idempotent decides */
	RETRY_ALWAYS = 1,     /* reads: Get, List, WhoAmI, reports */
	RETRY_REQUEST_ID = 2, /* creates: safe when the request carries a request_id */
};

/* One typed unary call: checks arguments (PASSEND_EINVAL for NULL ch, req or
 * out; *out set to NULL first), sets opts.idempotent by `rule` and runs
 * passend_call_unary. `out` is a pointer to the typed response pointer; on
 * OK the caller owns the unpacked message. Returns 0 or a PASSEND_E* code. */
__attribute__((warn_unused_result)) int client_stub_unary(passend_channel *ch, const char *method,
                                                          const ProtobufCMessage *req, const char *request_id,
                                                          enum retry_rule rule,
                                                          const ProtobufCMessageDescriptor *resp_desc,
                                                          void *out, const passend_call_opts *opts);

#pragma GCC visibility pop

#endif
