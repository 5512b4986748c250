/* libpassend: the C client library for passendd (gRPC over HTTP/2 over TLS).
 *
 * A school administration system links this to sync data with passend; the
 * `passend` CLI is built on it. Conventions:
 *  - Functions return 0 or a negative PASSEND_E* code; passend_strerror()
 *    describes it. After every call the gRPC status code and message of the
 *    last call are available from the channel (passend_last_status()).
 *  - The library never logs and never exits.
 *  - Thread safety: a passend_channel is NOT thread-safe; use one channel per
 *    thread (they are cheap: one TCP+TLS connection each, opened lazily).
 *    Different channels may be used from different threads concurrently.
 *    Library initialisation is done once automatically and is thread-safe.
 *  - Memory: messages returned to the caller are protobuf-c messages; free
 *    them with protobuf_c_message_free_unpacked(msg, NULL).
 */
#ifndef PASSEND_PASSEND_H
#define PASSEND_PASSEND_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdint.h>

#include "grpc/health/v1/health.pb-c.h"
#include "passend/v1/begroting.pb-c.h"
#include "passend/v1/bestuur.pb-c.h"
#include "passend/v1/platform.pb-c.h"
#include "passend/v1/rapportage.pb-c.h"
#include "passend/v1/tenancy.pb-c.h"
#include "passend/v1/toezicht.pb-c.h"
#include "passend/v1/werkgebied.pb-c.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PASSEND_VERSION_STRING "0.1.0"

/* Error codes (negative). */
enum passend_error {
	PASSEND_OK = 0,
	PASSEND_EINVAL = -1, /* bad argument */
	PASSEND_ENOMEM = -2,
	PASSEND_ECONNECT = -3, /* cannot resolve or connect */
	PASSEND_ETLS = -4,     /* TLS failure (e.g. certificate not trusted); see passend_last_error_detail */
	PASSEND_EPROTO = -5,   /* HTTP/2 or gRPC protocol violation by the peer */
	PASSEND_ESTATUS = -6,  /* the server answered with a non-OK gRPC status */
	PASSEND_ETIMEOUT = -7, /* deadline passed (status DEADLINE_EXCEEDED) */
	PASSEND_ECLOSED = -8,  /* connection closed by the peer */
	PASSEND_EDECODE = -9,  /* response message could not be decoded */
	PASSEND_EIO = -10,     /* file or socket I/O error */
	PASSEND_ECANCELLED = -11, /* a stream callback asked to stop (status CANCELLED) */
};

/* Short English description of an error code (static string). */
const char *passend_strerror(int err);
/* Upper-case gRPC status name ("NOT_FOUND") for a code (static string). */
const char *passend_status_name(int code);

typedef struct passend_channel passend_channel;

/* Options for opening a channel. Zero-initialise, then set what you need. */
typedef struct passend_channel_opts {
	const char *ca_file;        /* PEM CA bundle to verify the server; NULL = system default */
	const char *server_name;    /* SNI and name to verify; NULL = host part of the target */
	const char *token;          /* bearer token sent as `authorization: Bearer <token>`; may be NULL */
	const char *client_cert;    /* optional PEM client certificate (mTLS) */
	const char *client_key;     /* optional PEM key for client_cert */
	int insecure_plaintext;     /* 1 = h2c without TLS (only for loopback tests) */
	int64_t connect_timeout_ms; /* 0 = 10000 */
	int max_retries;            /* for calls marked safe to repeat; 0 = default 3, -1 = none */
	int64_t retry_base_ms;      /* first backoff; 0 = 100 ms (exponential, full jitter, cap 5 s) */
	uint32_t max_message_bytes; /* largest response accepted; 0 = 4 MiB */
} passend_channel_opts;

/* Create a channel to "host:port" (IPv6 as "[::1]:7443"). Nothing is
 * connected until the first call; the connection is reopened when lost.
 * Returns 0 and *out, or PASSEND_EINVAL / PASSEND_ENOMEM. Free with
 * passend_channel_close(). The options' strings are copied. */
int passend_channel_open(passend_channel **out, const char *target, const passend_channel_opts *opts);
void passend_channel_close(passend_channel *ch);

/* Connect now (TCP + TLS handshake + HTTP/2 preface), to report connection
 * and certificate problems early. Returns 0, PASSEND_ECONNECT or PASSEND_ETLS. */
int passend_channel_connect(passend_channel *ch, int64_t timeout_ms);

/* Status of the last call on this channel: gRPC code (0 = OK; also set for
 * transport failures: UNAVAILABLE, DEADLINE_EXCEEDED) and message (never
 * NULL; valid until the next call). */
int passend_last_status(const passend_channel *ch);
const char *passend_last_message(const passend_channel *ch);
/* Detail of the last transport error (e.g. "certificate verify failed:
 * self-signed certificate in certificate chain"), or "". */
const char *passend_last_error_detail(const passend_channel *ch);

/* Add request metadata for subsequent calls (lower-case key). Returns 0. */
int passend_channel_set_metadata(passend_channel *ch, const char *key, const char *value);

/* --- generic calls ------------------------------------------------------ */

/* Per-call options; NULL = defaults (no deadline, no retry).
 * Results: 0 on OK. PASSEND_ESTATUS when the server answered with a non-OK
 * status; PASSEND_ETIMEOUT when the deadline passed (locally: the stream is
 * reset with CANCEL; or the server said DEADLINE_EXCEEDED); transport errors
 * (PASSEND_ECONNECT, PASSEND_ETLS, PASSEND_ECLOSED, ...) set the status to
 * UNAVAILABLE and passend_last_error_detail(). Retries (idempotent calls
 * only) happen on UNAVAILABLE, never on TLS failures, never after a stream
 * delivered a message, and never past the deadline. A stream the server
 * refused before processing it (REFUSED_STREAM, GOAWAY) is repeated once
 * even for non-idempotent calls, as gRPC's transparent retry does. */
typedef struct passend_call_opts {
	int64_t timeout_ms; /* deadline, sent as grpc-timeout; 0 = none */
	int idempotent;     /* 1 = safe to repeat: retried with backoff on UNAVAILABLE */
} passend_call_opts;

/* Unary call of `method` ("/passend.v1.Platform/GetServerInfo"). On OK,
 * *resp is the unpacked response of resp_desc (caller frees). Returns 0,
 * PASSEND_ESTATUS (see passend_last_status), or another error. */
int passend_call_unary(passend_channel *ch, const char *method, const ProtobufCMessage *req,
                       const ProtobufCMessageDescriptor *resp_desc, ProtobufCMessage **resp,
                       const passend_call_opts *opts);

/* Server-streaming call: on_message is called for each response (the message
 * is freed by the library after the callback returns; return non-zero to
 * cancel the call, which then returns PASSEND_ECANCELLED with status
 * CANCELLED). The callback must not use the same channel. */
typedef int (*passend_message_cb)(void *arg, const ProtobufCMessage *msg);
int passend_call_stream(passend_channel *ch, const char *method, const ProtobufCMessage *req,
                        const ProtobufCMessageDescriptor *resp_desc, passend_message_cb on_message, void *arg,
                        const passend_call_opts *opts);

/* Raw variant for callers with their own encoding: request bytes in, response
 * bytes out (malloc'd, caller frees). */
int passend_call_raw(passend_channel *ch, const char *method, const uint8_t *req, size_t req_len,
                     uint8_t **resp, size_t *resp_len, const passend_call_opts *opts);

/* --- streaming calls: client-streaming and bidirectional -------------------
 *
 * A passend_stream is one call whose request is a stream of messages:
 *
 *   passend_stream *s;
 *   rc = passend_stream_open(ch, "/pkg.Service/Method", &resp__descriptor, &opts, &s);
 *   rc = passend_stream_send(s, &msg.base);          any number of times
 *   rc = passend_stream_close_send(s);               no more requests (half-close)
 *   while ((rc = passend_stream_recv(s, &resp)) == 0 && resp)
 *           use resp, then protobuf_c_message_free_unpacked(resp, NULL);
 *   rc is now 0 (the server ended with OK) or an error (see passend_last_status)
 *   passend_stream_free(s);
 *
 * A client-streaming call ends with passend_stream_close_and_recv() instead of
 * the last three steps. Sends and receives may interleave in any order
 * (bidirectional calls).
 *
 * Blocking: each function returns when its own part is done, or at the call's
 * deadline (opts->timeout_ms: PASSEND_ETIMEOUT, the call is then cancelled and
 * its status is DEADLINE_EXCEEDED). While it waits it drives the channel's
 * connection, so the frames of other calls and streams on the channel are
 * processed too. There are no threads: use the channel (and its streams)
 * from one thread at a time (D7).
 *
 * Flow control: responses are held for the caller (at most one HTTP/2 stream
 * window, 1 MiB, per stream; the server waits beyond that) and sends block
 * while the server does not take messages. A bidirectional caller that
 * sends much without receiving can therefore wait on a server that waits for
 * its answers to be read: receive what the server sends.
 *
 * Streaming calls are never retried. A stream lives on its channel's
 * connection: if that fails (or the channel reconnects after the server's
 * GOAWAY), the stream ends with UNAVAILABLE. Free every stream before
 * closing its channel (a stream freed after is only freed). */
typedef struct passend_stream passend_stream;

/* Start a call of `method` (client-streaming or bidirectional) whose
 * responses are resp_desc messages: connect if needed and send the request
 * headers. opts: NULL or timeout_ms for the whole call (idempotent is
 * ignored). Returns 0 and *out (free with passend_stream_free), or
 * PASSEND_EINVAL, PASSEND_ENOMEM, PASSEND_ECONNECT, PASSEND_ETLS,
 * PASSEND_ETIMEOUT (status set on the channel). */
int passend_stream_open(passend_channel *ch, const char *method, const ProtobufCMessageDescriptor *resp_desc,
                        const passend_call_opts *opts, passend_stream **out);

/* Send one request message (serialised at once; msg is not modified or
 * kept). Returns 0 once the message is queued and no more than 64 KiB of
 * earlier messages still wait for the server's flow-control window (it
 * blocks until then). PASSEND_ECLOSED when the call has already ended (the
 * server answered or failed it, or the connection is gone: passend_stream_recv
 * gives the responses and the status), PASSEND_EINVAL after
 * passend_stream_close_send, PASSEND_ETIMEOUT, PASSEND_ENOMEM. */
int passend_stream_send(passend_stream *s, const ProtobufCMessage *msg);

/* No more request messages (END_STREAM after the queued ones). Does not wait
 * for the server; the queued messages go out while the caller receives.
 * Returns 0 (also when the call has already ended) or PASSEND_EINVAL. */
int passend_stream_close_send(passend_stream *s);

/* Receive the next response message. Returns 0 and *msg (the caller frees it
 * with protobuf_c_message_free_unpacked(*msg, NULL)); 0 and *msg = NULL when
 * the server has ended the call with OK after its last message; or, when the
 * call ended otherwise, PASSEND_ESTATUS (the server's status),
 * PASSEND_ETIMEOUT, PASSEND_ECLOSED (connection lost, UNAVAILABLE),
 * PASSEND_EDECODE, PASSEND_EPROTO, with *msg = NULL and the status on the
 * channel (passend_last_status / passend_last_message). Once the end was
 * reported, it is reported again. Blocks until a message or the end. */
int passend_stream_recv(passend_stream *s, ProtobufCMessage **msg);

/* Client-streaming end: passend_stream_close_send, then the one response
 * message and the OK status. Returns 0 and *msg (caller frees), or what
 * passend_stream_recv returned (*msg NULL); PASSEND_EPROTO (status INTERNAL)
 * when the server sent no or more than one message with OK. */
int passend_stream_close_and_recv(passend_stream *s, ProtobufCMessage **msg);

/* Free the stream. A call that has not ended is cancelled (RST_STREAM
 * CANCEL: the server sees the client go). passend_stream_free(NULL) does
 * nothing. */
void passend_stream_free(passend_stream *s);

/* --- typed calls -------------------------------------------------------- */

/* grpc.health.v1.Health/Check for `service` ("" = the whole server). On
 * success *status is the ServingStatus (1 SERVING, 2 NOT_SERVING). Always
 * treated as idempotent (retried on UNAVAILABLE up to max_retries). */
int passend_health_check(passend_channel *ch, const char *service, int *status,
                         const passend_call_opts *opts);

/* passend.v1.Platform/GetServerInfo (always treated as idempotent); *info is
 * freed by the caller with protobuf_c_message_free_unpacked(&(*info)->base, NULL). */
int passend_platform_get_server_info(passend_channel *ch, Passend__V1__ServerInfo **info,
                                     const passend_call_opts *opts);

/* passend.v1.Platform/WatchServerInfo: on_message receives ServerInfo messages. */
int passend_platform_watch_server_info(passend_channel *ch, int32_t count, int32_t interval_ms,
                                       passend_message_cb on_message, void *arg,
                                       const passend_call_opts *opts);

/* --- passend.v1 resource calls (stubs_v1.c) ------------------------------
 *
 * One function per RPC of the Tenancy, Bestuur, Toezicht, Werkgebied and
 * Rapportage services, all alike. PASSEND_V1_CALL(name, Request, Response)
 * declares
 *
 *   int passend_<name>(passend_channel *ch, const Passend__V1__<Request> *req,
 *                      Passend__V1__<Response> **out, const passend_call_opts *opts);
 *
 * `req` is the request (not modified, not freed; must not be NULL); on OK,
 * *out is the unpacked response, which the caller frees with
 * protobuf_c_message_free_unpacked(&(*out)->base, NULL); on failure *out is
 * NULL. Returns 0, PASSEND_EINVAL (NULL argument), PASSEND_ESTATUS (see
 * passend_last_status / passend_last_message) or another PASSEND_E* code.
 * Roles are decided by the server (see docs/cli.md and the .proto comments).
 *
 * Retries (on UNAVAILABLE, see passend_call_opts): Get, List, WhoAmI, the
 * report calls and the Upsert/Set calls (idempotent by their natural key) are
 * always treated as idempotent. Create calls and SubmitTlvAanvraag whose
 * request carries a non-empty request_id are idempotent too (the server
 * returns the first result for a repeat), so they are retried as well;
 * without request_id, and for CreateToken, UpdateTenant, RevokeToken, the
 * Update and Deactivate calls and the TLV workflow steps, opts->idempotent
 * decides (default: no retry). */
#define PASSEND_V1_CALL(name, Request, Response)                                                             \
	int passend_##name(passend_channel *ch, const Passend__V1__##Request *req,                           \
	                   Passend__V1__##Response **out, const passend_call_opts *opts)

/* passend.v1.Tenancy (admin; WhoAmI for every role; ListAuditEvents for
 * admin and bestuur). */
PASSEND_V1_CALL(tenancy_create_tenant, CreateTenantRequest, Tenant);
PASSEND_V1_CALL(tenancy_get_tenant, GetTenantRequest, Tenant);
PASSEND_V1_CALL(tenancy_list_tenants, ListTenantsRequest, ListTenantsResponse);
PASSEND_V1_CALL(tenancy_update_tenant, UpdateTenantRequest, Tenant);
/* (*out)->token is the secret token string; it is returned only here, once. */
PASSEND_V1_CALL(tenancy_create_token, CreateTokenRequest, CreateTokenResponse);
PASSEND_V1_CALL(tenancy_list_tokens, ListTokensRequest, ListTokensResponse);
PASSEND_V1_CALL(tenancy_revoke_token, RevokeTokenRequest, Token);
PASSEND_V1_CALL(tenancy_who_am_i, WhoAmIRequest, WhoAmIResponse);
PASSEND_V1_CALL(tenancy_list_audit_events, ListAuditEventsRequest, ListAuditEventsResponse);

/* passend.v1.Bestuur: scholen, besturen, gemeenten, herkomst types, tellingen. */
PASSEND_V1_CALL(bestuur_create_school, CreateSchoolRequest, School);
PASSEND_V1_CALL(bestuur_get_school, GetSchoolRequest, School);
PASSEND_V1_CALL(bestuur_list_schools, ListSchoolsRequest, ListSchoolsResponse);
PASSEND_V1_CALL(bestuur_update_school, UpdateSchoolRequest, School);
PASSEND_V1_CALL(bestuur_deactivate_school, DeactivateRequest, School);
PASSEND_V1_CALL(bestuur_create_schoolbestuur, CreateSchoolbestuurRequest, Schoolbestuur);
PASSEND_V1_CALL(bestuur_get_schoolbestuur, GetByIdRequest, Schoolbestuur);
PASSEND_V1_CALL(bestuur_list_schoolbesturen, ListSchoolbesturenRequest, ListSchoolbesturenResponse);
PASSEND_V1_CALL(bestuur_update_schoolbestuur, UpdateSchoolbestuurRequest, Schoolbestuur);
PASSEND_V1_CALL(bestuur_deactivate_schoolbestuur, DeactivateRequest, Schoolbestuur);
PASSEND_V1_CALL(bestuur_create_gemeente, CreateGemeenteRequest, Gemeente);
PASSEND_V1_CALL(bestuur_get_gemeente, GetByIdRequest, Gemeente);
PASSEND_V1_CALL(bestuur_list_gemeenten, ListGemeentenRequest, ListGemeentenResponse);
PASSEND_V1_CALL(bestuur_update_gemeente, UpdateGemeenteRequest, Gemeente);
PASSEND_V1_CALL(bestuur_deactivate_gemeente, DeactivateRequest, Gemeente);
PASSEND_V1_CALL(bestuur_list_herkomst_types, ListHerkomstTypesRequest, ListHerkomstTypesResponse);
PASSEND_V1_CALL(bestuur_upsert_herkomst_type, HerkomstType, HerkomstType);
PASSEND_V1_CALL(bestuur_upsert_telling, Telling, Telling);
PASSEND_V1_CALL(bestuur_list_tellingen, ListTellingenRequest, ListTellingenResponse);

/* passend.v1.Bestuur: TLV workflow (pupil-level, audited). */
PASSEND_V1_CALL(bestuur_submit_tlv_aanvraag, SubmitTlvAanvraagRequest, Tlv);
PASSEND_V1_CALL(bestuur_record_advies, RecordAdviesRequest, Tlv);
PASSEND_V1_CALL(bestuur_decide_tlv, DecideTlvRequest, Tlv);
PASSEND_V1_CALL(bestuur_record_bezwaar, RecordBezwaarRequest, Tlv);
PASSEND_V1_CALL(bestuur_decide_bezwaar, DecideBezwaarRequest, Tlv);
PASSEND_V1_CALL(bestuur_herbeoordeel, HerbeoordeelRequest, Tlv);
PASSEND_V1_CALL(bestuur_get_tlv, GetByIdRequest, Tlv);
PASSEND_V1_CALL(bestuur_list_tlvs, ListTlvsRequest, ListTlvsResponse);

/* passend.v1.Toezicht */
PASSEND_V1_CALL(toezicht_create_lid, CreateLidRequest, Lid);
PASSEND_V1_CALL(toezicht_get_lid, GetLidRequest, Lid);
PASSEND_V1_CALL(toezicht_list_leden, ListLedenRequest, ListLedenResponse);

/* passend.v1.Werkgebied (UpdateWerkgebied: update_mask "name", "gemeente_ids"). */
PASSEND_V1_CALL(werkgebied_create_werkgebied, CreateWerkgebiedRequest, WerkgebiedInfo);
PASSEND_V1_CALL(werkgebied_get_werkgebied, GetWerkgebiedRequest, WerkgebiedInfo);
PASSEND_V1_CALL(werkgebied_list_werkgebieden, ListWerkgebiedenRequest, ListWerkgebiedenResponse);
PASSEND_V1_CALL(werkgebied_update_werkgebied, UpdateWerkgebiedRequest, WerkgebiedInfo);
PASSEND_V1_CALL(werkgebied_deactivate_werkgebied, DeactivateWerkgebiedRequest, WerkgebiedInfo);
/* req->national_id (BSN/onderwijsnummer) is sent over TLS and never stored by
 * the server in clear; this library does not keep it either. */
PASSEND_V1_CALL(werkgebied_create_leerling, CreateLeerlingRequest, Leerling);
PASSEND_V1_CALL(werkgebied_get_leerling, GetLeerlingRequest, Leerling);
PASSEND_V1_CALL(werkgebied_list_leerlingen, ListLeerlingenRequest, ListLeerlingenResponse);

/* passend.v1.Rapportage: reports and national percentages. */
PASSEND_V1_CALL(rapportage_get_deelname_report, GetDeelnameReportRequest, DeelnameReport);
PASSEND_V1_CALL(rapportage_get_tlv_report, GetTlvReportRequest, TlvReport);
PASSEND_V1_CALL(rapportage_set_landelijk_percentage, LandelijkPercentage, LandelijkPercentage);
PASSEND_V1_CALL(rapportage_list_landelijke_percentages, ListLandelijkePercentagesRequest,
                ListLandelijkePercentagesResponse);

/* --- CSV import (client/import.c) ---------------------------------------- */

/* Progress of an import: bytes of the file sent so far, its size, rows sent. */
typedef void (*passend_import_progress_cb)(void *arg, uint64_t bytes_sent, uint64_t bytes_total,
                                           int64_t rows_sent);

/* Import the CSV file at path as `kind` (Passend__V1__ImportKind) through
 * StartImport, ImportChunk (whole rows, about 1 MiB each) and FinishImport
 * (dry_run: validate only). progress (may be NULL) is called after every
 * chunk. On success *out is the final ImportStatus (caller frees with
 * protobuf_c_message_free_unpacked); it may carry errors (then nothing was
 * written: committed is false). Returns 0, PASSEND_EIO (file unreadable,
 * errno set), PASSEND_ESTATUS (e.g. a bad header: INVALID_ARGUMENT) or
 * another PASSEND_E* code. */
int passend_bestuur_import_file(passend_channel *ch, int kind, const char *path, int dry_run,
                                passend_import_progress_cb progress, void *arg,
                                Passend__V1__ImportStatus **out, const passend_call_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
