/* call.c: generic gRPC calls on a channel (unary, server-streaming, raw):
 * request framing and headers, per-call deadline (grpc-timeout on the wire,
 * local cancel with RST_STREAM when it passes), status of the last call, and
 * retries with exponential backoff and full jitter for calls marked safe to
 * repeat. */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "grpc_status.h"
#include "grpc_timeout.h"
#include "util.h"

#define RETRY_CAP_MS 5000

#define NV(n, v)                                                                                             \
	{                                                                                                    \
		(uint8_t *)(n), (uint8_t *)(v), sizeof(n) - 1, strlen(v), NGHTTP2_NV_FLAG_NO_COPY_NAME       \
	}

nghttp2_nv *client_request_headers(passend_channel *ch, const char *method, int64_t deadline,
                                   char timeout[16], size_t *n)
{
	nghttp2_nv *nva = calloc(8 + ch->md_len, sizeof *nva);
	if (!nva) return NULL;
	nghttp2_nv fixed[] = {
	    NV(":method", "POST"),
	    NV(":scheme", ch->plaintext ? "http" : "https"),
	    NV(":path", method),
	    NV(":authority", ch->authority),
	    NV("content-type", "application/grpc"),
	    NV("te", "trailers"),
	    NV("user-agent", CLIENT_USER_AGENT),
	};
	memcpy(nva, fixed, sizeof fixed);
	*n = sizeof fixed / sizeof fixed[0];
	timeout[0] = '\0';
	if (deadline) {
		int64_t left = deadline - clock_mono_ms();
		grpc_timeout_format(left > 0 ? (uint64_t)left : 1, timeout, 16);
		nghttp2_nv t = NV("grpc-timeout", timeout);
		nva[(*n)++] = t;
	}
	for (size_t i = 0; i < ch->md_len; i++) {
		nghttp2_nv m = {(uint8_t *)ch->md[i].key, (uint8_t *)ch->md[i].value, strlen(ch->md[i].key),
		                strlen(ch->md[i].value), NGHTTP2_NV_FLAG_NONE};
		nva[(*n)++] = m;
	}
	return nva;
}

struct attempt_result {
	size_t delivered; /* messages given to on_msg */
	int unprocessed;  /* the server refused the stream before processing it */
};

/* One attempt of a call. Returns 0 or a PASSEND_E* code; the channel's
 * last status/message are set either way. */
static int call_once(passend_channel *ch, const char *method, const uint8_t *framed, size_t framed_len,
                     client_msg_cb on_msg, void *arg, int64_t deadline, struct attempt_result *res)
{
	struct client_call call = {0};
	char timeout[16] = "";
	nghttp2_nv *nva = NULL;
	size_t n = 0;
	char *msg = NULL;
	int code;
	int rc;

	call.grpc_status = -1;
	call.local_status = -1;
	call.req = framed;
	call.req_len = framed_len;
	call.on_msg = on_msg;
	call.arg = arg;
	grpc_frame_reader_init(&call.reader, ch->max_message_bytes);

	ch->detail[0] = '\0';
	rc = transport_ensure(ch, deadline);
	if (rc < 0) {
		code = rc == PASSEND_ETIMEOUT ? GRPC_STATUS_DEADLINE_EXCEEDED : GRPC_STATUS_UNAVAILABLE;
		client_set_status(ch, rc, code, ch->detail);
		goto out;
	}
	nva = client_request_headers(ch, method, deadline, timeout, &n);
	if (!nva) {
		rc = client_set_status(ch, PASSEND_ENOMEM, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		goto out;
	}
	rc = transport_submit(ch, &call, nva, n);
	if (rc < 0) {
		client_set_status(ch, rc, GRPC_STATUS_UNAVAILABLE, ch->detail);
		goto out;
	}
	rc = transport_run(ch, &call, deadline);
	if (rc == PASSEND_ETIMEOUT) {
		transport_end_call(ch, &call); /* RST_STREAM CANCEL */
		client_set_status(ch, rc, GRPC_STATUS_DEADLINE_EXCEEDED, "deadline exceeded");
		goto out;
	}
	if (rc < 0) {
		client_set_status(ch, rc, GRPC_STATUS_UNAVAILABLE, ch->detail);
		goto out;
	}
	rc = status_resolve(&call, &code, &msg);
	client_set_status(ch, rc, code, msg ? msg : "");
	if (call.rst_code == NGHTTP2_REFUSED_STREAM && call.http_status == 0) res->unprocessed = 1;
out:
	transport_end_call(ch, &call);
	res->delivered = call.messages;
	free(msg);
	free(nva);
	free(call.grpc_message);
	grpc_frame_reader_free(&call.reader);
	return rc;
}

/* A call with retries. `framed` is the request with its 5-byte prefix. */
static int call_run(passend_channel *ch, const char *method, const uint8_t *framed, size_t framed_len,
                    client_msg_cb on_msg, void *arg, const passend_call_opts *opts)
{
	int64_t deadline = opts && opts->timeout_ms > 0 ? clock_mono_ms() + opts->timeout_ms : 0;
	int max = opts && opts->idempotent ? ch->max_retries : 0;
	int retries = 0;
	int transparent = 0;

	for (;;) {
		struct attempt_result res = {0};
		int64_t delay;
		int rc = call_once(ch, method, framed, framed_len, on_msg, arg, deadline, &res);

		if (rc == 0 || res.delivered > 0) return rc;
		/* A refused stream never reached the application: repeat it once
		 * even when the call is not marked idempotent. */
		if (res.unprocessed && !transparent) {
			transparent = 1;
			continue;
		}
		if (ch->last_status != GRPC_STATUS_UNAVAILABLE || rc == PASSEND_ETLS || retries >= max)
			return rc;
		delay = status_backoff_ms(ch->retry_base_ms, RETRY_CAP_MS, retries, status_rand(&ch->rng));
		retries++;
		if (deadline && clock_mono_ms() + delay >= deadline) return rc;
		status_sleep_ms(delay);
	}
}

/* Serialise `req` with its gRPC prefix (caller frees *out). */
static int frame_request(const ProtobufCMessage *req, uint8_t **out, size_t *len)
{
	size_t n = protobuf_c_message_get_packed_size(req);
	uint8_t *p;

	if (n > UINT32_MAX) return PASSEND_EINVAL;
	p = malloc(GRPC_FRAME_PREFIX + n);
	if (!p) return PASSEND_ENOMEM;
	grpc_frame_prefix(p, 0, (uint32_t)n);
	protobuf_c_message_pack(req, p + GRPC_FRAME_PREFIX);
	*out = p;
	*len = GRPC_FRAME_PREFIX + n;
	return 0;
}

struct unary_sink {
	buf body;
	int got;
};

static int unary_cb(void *arg, const uint8_t *msg, size_t len)
{
	struct unary_sink *u = arg;

	if (u->got) return PASSEND_EPROTO;
	u->got = 1;
	if (buf_append(&u->body, msg, len) < 0) return PASSEND_ENOMEM;
	return 0;
}

int client_valid_method(const char *m)
{
	return m && m[0] == '/' && strchr(m + 1, '/') != NULL;
}

/* The result of a unary call that ended with rc: OK without the one response
 * message is a protocol error. */
static int unary_result(passend_channel *ch, int rc, const struct unary_sink *u)
{
	if (rc < 0) return rc;
	if (!u->got)
		return client_set_status(ch, PASSEND_EPROTO, GRPC_STATUS_INTERNAL,
		                         "OK status without a response message in a unary call");
	return 0;
}

/* A call of the one request message `req` (framed here), each response
 * message to on_msg. Returns what call_run returns. */
static int call_message(passend_channel *ch, const char *method, const ProtobufCMessage *req,
                        client_msg_cb on_msg, void *arg, const passend_call_opts *opts)
{
	uint8_t *framed = NULL;
	size_t framed_len = 0;
	int rc = frame_request(req, &framed, &framed_len);

	if (rc < 0) return rc;
	rc = call_run(ch, method, framed, framed_len, on_msg, arg, opts);
	free(framed);
	return rc;
}

int passend_call_raw(passend_channel *ch, const char *method, const uint8_t *req, size_t req_len,
                     uint8_t **resp, size_t *resp_len, const passend_call_opts *opts)
{
	struct unary_sink u = {0};
	uint8_t *framed;
	int rc;

	if (!ch || !client_valid_method(method) || (!req && req_len) || !resp || !resp_len ||
	    req_len > UINT32_MAX)
		return PASSEND_EINVAL;
	*resp = NULL;
	*resp_len = 0;
	framed = malloc(GRPC_FRAME_PREFIX + req_len);
	if (!framed) return PASSEND_ENOMEM;
	grpc_frame_prefix(framed, 0, (uint32_t)req_len);
	if (req_len) memcpy(framed + GRPC_FRAME_PREFIX, req, req_len);
	rc = call_run(ch, method, framed, GRPC_FRAME_PREFIX + req_len, unary_cb, &u, opts);
	rc = unary_result(ch, rc, &u);
	if (rc == 0) {
		*resp_len = buf_avail(&u.body);
		*resp = malloc(*resp_len ? *resp_len : 1);
		if (!*resp) {
			*resp_len = 0;
			rc = PASSEND_ENOMEM;
		} else if (*resp_len) {
			memcpy(*resp, buf_rptr(&u.body), *resp_len);
		}
	}
	buf_free(&u.body);
	free(framed);
	return rc;
}

int passend_call_unary(passend_channel *ch, const char *method, const ProtobufCMessage *req,
                       const ProtobufCMessageDescriptor *resp_desc, ProtobufCMessage **resp,
                       const passend_call_opts *opts)
{
	struct unary_sink u = {0};
	int rc;

	if (!ch || !client_valid_method(method) || !req || !resp_desc || !resp) return PASSEND_EINVAL;
	*resp = NULL;
	rc = unary_result(ch, call_message(ch, method, req, unary_cb, &u, opts), &u);
	if (rc == 0) {
		*resp = protobuf_c_message_unpack(resp_desc, NULL, buf_avail(&u.body), buf_rptr(&u.body));
		if (!*resp)
			rc = client_set_status(ch, PASSEND_EDECODE, GRPC_STATUS_INTERNAL,
			                       "cannot decode the response message");
	}
	buf_free(&u.body);
	return rc;
}

struct stream_sink {
	const ProtobufCMessageDescriptor *desc;
	passend_message_cb cb;
	void *arg;
};

static int stream_cb(void *arg, const uint8_t *msg, size_t len)
{
	struct stream_sink *s = arg;
	ProtobufCMessage *m = protobuf_c_message_unpack(s->desc, NULL, len, msg);
	int r;

	if (!m) return PASSEND_EDECODE;
	r = s->cb(s->arg, m);
	protobuf_c_message_free_unpacked(m, NULL);
	return r ? PASSEND_ECANCELLED : 0;
}

int passend_call_stream(passend_channel *ch, const char *method, const ProtobufCMessage *req,
                        const ProtobufCMessageDescriptor *resp_desc, passend_message_cb on_message, void *arg,
                        const passend_call_opts *opts)
{
	struct stream_sink s = {resp_desc, on_message, arg};

	if (!ch || !client_valid_method(method) || !req || !resp_desc || !on_message) return PASSEND_EINVAL;
	return call_message(ch, method, req, stream_cb, &s, opts);
}
