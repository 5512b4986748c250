/* rpc: one gRPC call on the server and the method table. conn.c creates a
 * call when request headers arrive, feeds it DATA and end-of-stream, and
 * sends what the handler produces. Handlers run on the worker's loop and may
 * finish later (after a database round trip). All four call types: unary and
 * server-streaming methods get their one request message in rpc_handler_fn;
 * client-streaming and bidirectional methods (client_streaming) get their
 * request messages one at a time through an rpc_stream_handler.
 *
 * Lifetime: a call is freed when both the handler has finished it
 * (rpc_finish / rpc_reply, exactly once) and its HTTP/2 stream has closed.
 * If the client resets the stream or the deadline expires first, the call
 * is abandoned: later rpc_send/rpc_finish are accepted and do nothing on
 * the wire, and rpc_call_is_done() tells pending work it may be abandoned. */
#ifndef PASSEND_RPC_H
#define PASSEND_RPC_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdint.h>

struct worker;
typedef struct rpc_call rpc_call;

/* Roles a method allows (bitmask). RPC_PUBLIC: no authentication needed. */
enum rpc_role {
	RPC_PUBLIC = 0,
	RPC_ROLE_ADMIN = 1u << 0,
	RPC_ROLE_BESTUUR = 1u << 1,
	RPC_ROLE_TOEZICHT = 1u << 2,
	RPC_ROLE_WERKGEBIED = 1u << 3,
	RPC_ROLE_SCHOOL = 1u << 4,
};

/* A handler receives the unpacked request (owned by the call, valid until
 * the call is freed) and must eventually call rpc_reply or rpc_finish. */
typedef void (*rpc_handler_fn)(rpc_call *call, const ProtobufCMessage *req);

/* The handler of a client-streaming or bidirectional method. The call is
 * the handler's from on_start until it calls rpc_finish (exactly once, at
 * any time: a server may answer before the client has sent everything);
 * after rpc_finish no callback comes. It may rpc_send at any time
 * (client-streaming: one message, usually with rpc_reply).
 *
 * Request messages arrive one at a time, in order, and only as the handler
 * takes them: the request DATA of a message is returned to the client's
 * HTTP/2 flow-control window when the message is delivered, so a client
 * that sends faster than the handler works is held back by HTTP/2 instead
 * of being buffered (at most one stream window plus one message per call).
 * Delivery also waits while more than RPC_RESP_HWM of this call's responses
 * are not yet sent (a client that does not read its responses stops the
 * requests too). */
typedef struct rpc_stream_handler {
	/* Authenticated and authorised: the call begins. No message yet. */
	void (*on_start)(rpc_call *call);
	/* One request message, owned by the call: valid until on_message
	 * returns, or, when the handler paused in it (rpc_recv_pause), until
	 * it resumes or finishes. */
	void (*on_message)(rpc_call *call, const ProtobufCMessage *msg);
	/* No more messages: the client half-closed after its last message, or
	 * the call can produce no more output (reset, deadline, connection
	 * gone, a bad request message answered by the library; then
	 * rpc_call_is_done() is true). Exactly once unless the handler
	 * finished first; the handler must rpc_finish now or later. */
	void (*on_end)(rpc_call *call);
} rpc_stream_handler;

/* The call type is the pair (client_streaming, server_streaming), as in a
 * .proto MethodDescriptorProto: unary (0, 0), server-streaming (0, 1),
 * client-streaming (1, 0), bidirectional (1, 1). */
typedef struct rpc_method {
	const char *path; /* "/passend.v1.Platform/GetServerInfo" */
	const ProtobufCMessageDescriptor *req_desc;
	const ProtobufCMessageDescriptor *resp_desc;
	rpc_handler_fn handler; /* unary and server-streaming methods */
	unsigned roles;         /* enum rpc_role bits; RPC_PUBLIC = anyone */
	int server_streaming;
	int idempotent;                   /* safe to retry (documentation for clients) */
	int pupil_level;                  /* reads or writes pupil-level data (always audited) */
	unsigned audit_roles;             /* roles whose calls are audited (enum rpc_role bits) */
	int client_streaming;             /* the client sends a stream of messages */
	const rpc_stream_handler *stream; /* client_streaming methods (instead of handler) */
	int report;                       /* only reads: a read-only replica may answer it (db_reports) */
	int ledger; /* its handler goes through the request ledger (server/svc/ledger.h): a mutating
	             * call with a request id is answered once (D49); every RES_METHOD does */
} rpc_method;

/* The designated initializers of an rpc_method's identity: /<service>/<method>
 * taking req and answering resp (protobuf-c prefixes, e.g.
 * passend__v1__server_info), allowed to roles (enum rpc_role bits). The other
 * fields follow by designator:
 *   static const rpc_method m = {RPC_METHOD_ID("passend.v1.Platform", "GetServerInfo",
 *                                              passend__v1__get_server_info_request,
 *                                              passend__v1__server_info, RPC_PUBLIC),
 *                                .handler = get_server_info, .idempotent = 1};
 * (server/svc/resource.h's RES_METHOD builds on it.) */
#define RPC_METHOD_ID(service, method, req, resp, roles_)                                                    \
	.path = "/" service "/" method, .req_desc = &req##__descriptor, .resp_desc = &resp##__descriptor,    \
	.roles = (roles_)

/* Unsent response bytes of a streaming-request call above which no more
 * request messages are delivered until the client has read some. */
#define RPC_RESP_HWM (64 * 1024)

/* --- router ---------------------------------------------------------------- */
struct service;
/* Build the method lookup table from the services (NULL-terminated; each
 * with its NULL-terminated methods), once at start-up before any call and
 * before worker threads run (afterwards it is only read). Replaces an
 * earlier table. Returns 0, or -1 when out of memory, when two methods
 * share a :path, or when a method's handler does not fit its call type
 * (handler for client_streaming 0, stream with on_start, on_message and
 * on_end for 1) (logged). */
__attribute__((warn_unused_result)) int rpc_router_init(const struct service *const *services);
/* Free the lookup table (after every worker has stopped). */
void rpc_router_free(void);
/* The method for an exact :path, or NULL (-> UNIMPLEMENTED). */
const rpc_method *rpc_find_method(const char *path, size_t len);
/* The i-th method of the table in :path order (so the methods of one
 * service are adjacent), or NULL when i is past the end. */
const rpc_method *rpc_route_at(size_t i);

/* --- for auth.c ---------------------------------------------------------- */
struct auth_principal;
/* Attach the authenticated principal; the call takes over the reference
 * passed (dropped when the call is freed). */
void rpc_call_set_principal(rpc_call *call, struct auth_principal *p);
/* Run the method's handler (once, after auth): the handler with the
 * unpacked request, or for client_streaming methods on_start, then the
 * request messages as they come. */
void rpc_call_run(rpc_call *call);

/* --- for handlers ------------------------------------------------------- */
/* The principal attached by auth (NULL for public methods). */
const struct auth_principal *rpc_call_principal(const rpc_call *call);
struct worker *rpc_call_worker(const rpc_call *call);
const rpc_method *rpc_call_method(const rpc_call *call);
/* The unpacked request message (owned by the call), or NULL before it is
 * complete. */
const ProtobufCMessage *rpc_call_request(const rpc_call *call);
/* Value of request metadata (lower-case name), or NULL. Binary (-bin)
 * values are returned as sent (base64). */
const char *rpc_call_metadata(const rpc_call *call, const char *name);
/* Peer address "ip:port" for logs and audit. */
const char *rpc_call_peer(const rpc_call *call);
/* Milliseconds left before the deadline; INT64_MAX if none. */
int64_t rpc_call_remaining_ms(const rpc_call *call);
/* Non-zero once the call can no longer produce output (reset, deadline,
 * connection closed, or already finished). Pending work may be dropped. */
int rpc_call_is_done(const rpc_call *call);

/* Send one response message (server-streaming; also used by rpc_reply).
 * Returns 0, or -1 if the call is done or the message cannot be encoded. */
__attribute__((warn_unused_result)) int rpc_send(rpc_call *call, const ProtobufCMessage *msg);
/* Finish with a status and a human-readable message (may be NULL). Sends
 * headers if none were sent (trailers-only response). Exactly once. */
void rpc_finish(rpc_call *call, int status, const char *message);
/* printf-style variant of rpc_finish for messages naming fields and rules. */
__attribute__((format(printf, 3, 4))) void rpc_finishf(rpc_call *call, int status, const char *fmt, ...);
/* Unary convenience: rpc_send(msg) then rpc_finish(OK). */
void rpc_reply(rpc_call *call, const ProtobufCMessage *msg);
/* Bytes of this call's responses not yet taken by HTTP/2 (they wait for the
 * client's flow-control window): how far a streaming client is behind. */
size_t rpc_call_unsent(const rpc_call *call);

/* --- for stream handlers (client_streaming methods) ---------------------- */
/* Take no more request messages until rpc_recv_resume (e.g. while the last
 * one is written to the database). The client's flow-control window is
 * not reopened meanwhile, so it stops sending once it is full. Does
 * nothing outside on_start..on_end. */
void rpc_recv_pause(rpc_call *call);
/* Take request messages again: those already received are delivered before
 * this returns (or, inside on_message, after it returns). */
void rpc_recv_resume(rpc_call *call);
/* The handler's own per-call state (not freed by the call). */
void rpc_call_set_data(rpc_call *call, void *data);
void *rpc_call_data(const rpc_call *call);

#endif
