/* stream.c: calls whose request is a stream of messages (client-streaming and
 * bidirectional), passend_stream_* in passend.h. The request body is the
 * call's send queue, taken by nghttp2 as the server's flow-control window
 * allows; a send waits while the queue is above CLIENT_SEND_HWM. Responses
 * wait in the call's reader, and their bytes go back to the server's window
 * only as the caller receives them, so a caller that does not read holds the
 * server back instead of growing a buffer. */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "grpc_status.h"
#include "util.h"

struct passend_stream {
	passend_channel *ch;
	struct client_call call;
	const ProtobufCMessageDescriptor *resp_desc;
	int64_t deadline; /* absolute monotonic ms, 0 = none */
	int ended;        /* the end was reported; it is reported again as it was */
	int end_rc;
	int end_code;
	char *end_message;
};

/* Record and report how the call ended (once; later calls repeat it). */
static int stream_end(passend_stream *s, int rc, int code, const char *message)
{
	if (!s->ended) {
		s->ended = 1;
		s->end_rc = rc;
		s->end_code = code;
		s->end_message = strdup(message ? message : "");
	}
	return client_set_status(s->ch, s->end_rc, s->end_code, s->end_message ? s->end_message : "");
}

/* The end of a call whose stream has closed: the server's status, the
 * connection's failure, or what the library decided. */
static int stream_end_closed(passend_stream *s)
{
	if (s->ended) return stream_end(s, 0, 0, NULL);
	if (s->call.conn_err) return stream_end(s, s->call.conn_err, GRPC_STATUS_UNAVAILABLE, s->ch->detail);
	int code;
	char *msg = NULL;
	int rc = status_resolve(&s->call, &code, &msg);
	rc = stream_end(s, rc, code, msg);
	free(msg);
	return rc;
}

/* Stop the call here (deadline, a response we cannot take): cancel it on
 * the wire and report the end. */
static int stream_fail(passend_stream *s, int rc, int code, const char *message)
{
	transport_cancel(s->ch, &s->call);
	return stream_end(s, rc, code, message);
}

/* transport_wait's failures: the deadline cancels the call; a connection
 * failure has closed it (transport_close) with the cause in rc. */
static int stream_wait_failed(passend_stream *s, int rc)
{
	if (rc == PASSEND_ETIMEOUT)
		return stream_fail(s, rc, GRPC_STATUS_DEADLINE_EXCEEDED, "deadline exceeded");
	s->call.conn_err = rc;
	return stream_end_closed(s);
}

/* Give the held response bytes back to the server's window unless a whole
 * message still waits for the caller. */
static void give_back(passend_stream *s)
{
	if (grpc_frame_reader_ready(&s->call.reader)) return;
	transport_consume(s->ch, &s->call, s->call.unconsumed);
	s->call.unconsumed = 0;
}

int passend_stream_open(passend_channel *ch, const char *method, const ProtobufCMessageDescriptor *resp_desc,
                        const passend_call_opts *opts, passend_stream **out)
{
	char timeout[16];
	size_t n = 0;
	int rc;

	if (!ch || !client_valid_method(method) || !resp_desc || !out) return PASSEND_EINVAL;
	*out = NULL;
	passend_stream *s = calloc(1, sizeof *s);
	if (!s) return client_set_status(ch, PASSEND_ENOMEM, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	s->ch = ch;
	s->resp_desc = resp_desc;
	s->deadline = opts && opts->timeout_ms > 0 ? clock_mono_ms() + opts->timeout_ms : 0;
	s->call.grpc_status = -1;
	s->call.local_status = -1;
	s->call.streaming = 1;
	grpc_frame_reader_init(&s->call.reader, ch->max_message_bytes);

	ch->detail[0] = '\0';
	rc = transport_ensure(ch, s->deadline);
	if (rc < 0) {
		client_set_status(
		    ch, rc, rc == PASSEND_ETIMEOUT ? GRPC_STATUS_DEADLINE_EXCEEDED : GRPC_STATUS_UNAVAILABLE,
		    ch->detail);
		goto fail;
	}
	nghttp2_nv *nva = client_request_headers(ch, method, s->deadline, timeout, &n);
	if (!nva) {
		rc = client_set_status(ch, PASSEND_ENOMEM, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	rc = transport_submit(ch, &s->call, nva, n); /* nghttp2 copies the header values */
	free(nva);
	if (rc < 0) {
		client_set_status(ch, rc, GRPC_STATUS_UNAVAILABLE, ch->detail);
		goto fail;
	}
	/* The headers go out now, so the server can start (and reject early). */
	rc = transport_wait(ch, &s->call, UNTIL_SENT, s->deadline);
	if (rc < 0) {
		rc = stream_wait_failed(s, rc);
		goto fail;
	}
	client_set_status(ch, 0, GRPC_STATUS_OK, "");
	*out = s;
	return 0;
fail:
	passend_stream_free(s);
	return rc;
}

int passend_stream_send(passend_stream *s, const ProtobufCMessage *msg)
{
	if (!s || !msg) return PASSEND_EINVAL;
	if (s->call.channel_gone || s->ended || s->call.closed || s->call.local_status >= 0)
		return PASSEND_ECLOSED;
	if (s->call.half_closed) return PASSEND_EINVAL;
	size_t len = protobuf_c_message_get_packed_size(msg);
	if (len > UINT32_MAX) return PASSEND_EINVAL;
	if (buf_reserve(&s->call.sendq, GRPC_FRAME_PREFIX + len) != 0)
		return client_set_status(s->ch, PASSEND_ENOMEM, GRPC_STATUS_RESOURCE_EXHAUSTED,
		                         "out of memory");
	uint8_t *p = s->call.sendq.data + s->call.sendq.len;
	grpc_frame_prefix(p, 0, (uint32_t)len);
	protobuf_c_message_pack(msg, p + GRPC_FRAME_PREFIX);
	s->call.sendq.len += GRPC_FRAME_PREFIX + len;
	transport_resume(s->ch, &s->call);
	int rc = transport_wait(s->ch, &s->call, UNTIL_SENT, s->deadline);
	if (rc < 0) return stream_wait_failed(s, rc);
	return s->call.closed ? PASSEND_ECLOSED : 0;
}

int passend_stream_close_send(passend_stream *s)
{
	if (!s) return PASSEND_EINVAL;
	if (s->call.half_closed || s->call.channel_gone || s->ended || s->call.closed) return 0;
	s->call.half_closed = 1;
	transport_resume(s->ch, &s->call);
	return 0;
}

int passend_stream_recv(passend_stream *s, ProtobufCMessage **msg)
{
	if (!s || !msg) return PASSEND_EINVAL;
	*msg = NULL;
	if (s->call.channel_gone) return PASSEND_ECLOSED;
	for (;;) {
		if (s->ended) return stream_end(s, 0, 0, NULL);
		const uint8_t *m;
		size_t len;
		int r = grpc_frame_reader_next(&s->call.reader, &m, &len, NULL);
		if (r == GRPC_FRAME_OK) {
			*msg = protobuf_c_message_unpack(s->resp_desc, NULL, len, m);
			s->call.messages++;
			give_back(s);
			if (!*msg)
				return stream_fail(s, PASSEND_EDECODE, GRPC_STATUS_INTERNAL,
				                   "cannot decode the response message");
			return 0;
		}
		if (r == GRPC_FRAME_E_TOO_LARGE)
			return stream_fail(s, PASSEND_EPROTO, GRPC_STATUS_RESOURCE_EXHAUSTED,
			                   "response message larger than the channel's max_message_bytes");
		if (r < 0)
			return stream_fail(
			    s, PASSEND_EPROTO, GRPC_STATUS_INTERNAL,
			    r == GRPC_FRAME_E_COMPRESSED
			        ? "compressed response message, but no grpc-encoding was offered"
			        : "malformed gRPC message frame");
		if (s->call.closed) return stream_end_closed(s);
		give_back(s); /* the bytes of a message not yet whole */
		s->call.receiving = 1;
		int rc = transport_wait(s->ch, &s->call, UNTIL_MESSAGE, s->deadline);
		s->call.receiving = 0;
		if (rc < 0) return stream_wait_failed(s, rc);
	}
}

int passend_stream_close_and_recv(passend_stream *s, ProtobufCMessage **msg)
{
	ProtobufCMessage *extra = NULL;

	if (!s || !msg) return PASSEND_EINVAL;
	*msg = NULL;
	(void)passend_stream_close_send(s);
	int rc = passend_stream_recv(s, msg);
	if (rc < 0) return rc;
	if (!*msg)
		return client_set_status(s->ch, PASSEND_EPROTO, GRPC_STATUS_INTERNAL,
		                         "OK status without a response message in a client-streaming call");
	rc = passend_stream_recv(s, &extra);
	if (rc == 0 && !extra) return 0;
	protobuf_c_message_free_unpacked(*msg, NULL);
	*msg = NULL;
	if (extra) {
		protobuf_c_message_free_unpacked(extra, NULL);
		return stream_fail(s, PASSEND_EPROTO, GRPC_STATUS_INTERNAL,
		                   "more than one response message in a client-streaming call");
	}
	return rc;
}

void passend_stream_free(passend_stream *s)
{
	if (!s) return;
	if (!s->call.channel_gone) transport_end_call(s->ch, &s->call);
	buf_free(&s->call.sendq);
	grpc_frame_reader_free(&s->call.reader);
	free(s->call.grpc_message);
	free(s->end_message);
	free(s);
}
