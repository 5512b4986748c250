/* client.h: libpassend internals shared by channel.c (options, status,
 * lifecycle), transport.c (TCP + TLS + HTTP/2 session driven by poll()),
 * call.c (one gRPC call, deadlines, retries) and status.c (pure response
 * interpretation and backoff arithmetic, unit-tested without sockets). */
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
	struct client_call *cur;       /* the call in progress, or NULL */

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

/* One call on the wire. Lives on the stack of call.c's attempt function;
 * transport callbacks reach it via ch->cur and the stream user data. */
struct client_call {
	int32_t stream_id;
	const uint8_t *req; /* framed request (prefix + message) */
	size_t req_len;
	size_t req_off;
	grpc_frame_reader reader;
	client_msg_cb on_msg;
	void *arg;
	size_t messages; /* messages delivered */

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
/* Drive I/O until `call` is closed or deadline_ms passes. Returns 0 (call
 * closed), PASSEND_ETIMEOUT, or PASSEND_ECLOSED / PASSEND_EPROTO /
 * PASSEND_ETLS / PASSEND_EIO when the connection failed (it is then torn
 * down and detail set). */
__attribute__((warn_unused_result)) int transport_run(passend_channel *ch, struct client_call *call,
                                                      int64_t deadline_ms);
/* Start `call` as a new stream with the given request headers; the request
 * body is call->req. Returns 0 (call->stream_id set, ch->cur = call),
 * PASSEND_ENOMEM or PASSEND_ECLOSED (no new streams possible). */
__attribute__((warn_unused_result)) int transport_submit(passend_channel *ch, struct client_call *call,
                                                         const nghttp2_nv *nva, size_t nvlen);
/* Give up on an unfinished call (deadline): RST_STREAM CANCEL, detach the
 * call from its stream so no callback touches it again, and try to write the
 * reset without waiting. */
void transport_abandon(passend_channel *ch, struct client_call *call);
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
