/* status.c: how libpassend turns what arrived on a stream (HTTP status,
 * content-type, grpc-status/grpc-message, RST_STREAM code, local decisions)
 * into one gRPC status, and the retry backoff arithmetic and its wait. Pure
 * functions with no I/O (but the wait), so they are unit-tested without
 * sockets. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "grpc_status.h"
#include "pct.h"

int status_from_http(int http_status)
{
	/* gRPC doc/http-grpc-status-mapping.md */
	switch (http_status) {
	case 400:
		return GRPC_STATUS_INTERNAL;
	case 401:
		return GRPC_STATUS_UNAUTHENTICATED;
	case 403:
		return GRPC_STATUS_PERMISSION_DENIED;
	case 404:
		return GRPC_STATUS_UNIMPLEMENTED;
	case 429:
	case 502:
	case 503:
	case 504:
		return GRPC_STATUS_UNAVAILABLE;
	default:
		return GRPC_STATUS_UNKNOWN;
	}
}

int status_from_h2_error(uint32_t error_code)
{
	/* gRPC doc/PROTOCOL-HTTP2.md, "Errors" */
	switch (error_code) {
	case NGHTTP2_REFUSED_STREAM:
		return GRPC_STATUS_UNAVAILABLE;
	case NGHTTP2_CANCEL:
		return GRPC_STATUS_CANCELLED;
	case NGHTTP2_ENHANCE_YOUR_CALM:
		return GRPC_STATUS_RESOURCE_EXHAUSTED;
	case NGHTTP2_INADEQUATE_SECURITY:
		return GRPC_STATUS_PERMISSION_DENIED;
	default:
		return GRPC_STATUS_INTERNAL;
	}
}

int status_parse_grpc_status(const uint8_t *v, size_t n)
{
	int code = 0;

	if (n == 0 || n > 2) return -2;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9') return -2;
		code = code * 10 + (v[i] - '0');
	}
	return code;
}

static int set(int *code, char **msg, int c, const char *m, int err)
{
	*code = c;
	*msg = strdup(m);
	return err;
}

int status_resolve(const struct client_call *call, int *code, char **msg)
{
	char tmp[96];

	if (call->local_status >= 0)
		return set(code, msg, call->local_status, call->local_message ? call->local_message : "",
		           call->local_err);
	/* A non-200 HTTP status wins over anything else (the peer is not a
	 * gRPC server, or a proxy answered). */
	if (call->http_status != 0 && call->http_status != 200) {
		snprintf(tmp, sizeof tmp, "HTTP status %d from server", call->http_status);
		int c = status_from_http(call->http_status);
		return set(code, msg, c, tmp,
		           c == GRPC_STATUS_UNAVAILABLE ? PASSEND_ECLOSED : PASSEND_EPROTO);
	}
	if (call->grpc_status == -1 && call->rst_code != NGHTTP2_NO_ERROR) {
		snprintf(tmp, sizeof tmp, "stream reset by server (HTTP/2 error %s)",
		         nghttp2_http2_strerror(call->rst_code));
		int c = status_from_h2_error(call->rst_code);
		return set(code, msg, c, tmp,
		           c == GRPC_STATUS_UNAVAILABLE ? PASSEND_ECLOSED : PASSEND_EPROTO);
	}
	if (call->http_status == 0)
		return set(code, msg, GRPC_STATUS_INTERNAL, "stream closed without response headers",
		           PASSEND_EPROTO);
	if (call->bad_content_type)
		return set(code, msg, GRPC_STATUS_UNKNOWN, "response content-type is not application/grpc",
		           PASSEND_EPROTO);
	if (call->grpc_status == -1)
		return set(code, msg, GRPC_STATUS_UNKNOWN, "response without grpc-status", PASSEND_EPROTO);
	if (call->grpc_status == -2)
		return set(code, msg, GRPC_STATUS_UNKNOWN, "malformed grpc-status", PASSEND_EPROTO);
	if (call->grpc_status == GRPC_STATUS_OK && grpc_frame_reader_pending(&call->reader) != 0)
		return set(code, msg, GRPC_STATUS_INTERNAL, "truncated response message", PASSEND_EPROTO);

	*code = call->grpc_status;
	if (call->grpc_message)
		*msg = pct_decode(call->grpc_message, strlen(call->grpc_message));
	else
		*msg = strdup("");
	if (*code == GRPC_STATUS_OK) return 0;
	if (*code == GRPC_STATUS_DEADLINE_EXCEEDED) return PASSEND_ETIMEOUT;
	return PASSEND_ESTATUS;
}

int64_t status_backoff_ms(int64_t base_ms, int64_t cap_ms, int attempt, uint64_t rnd)
{
	int64_t ceil = base_ms;

	if (base_ms <= 0) return 0;
	for (int i = 0; i < attempt && ceil < cap_ms; i++)
		ceil *= 2;
	if (ceil > cap_ms) ceil = cap_ms;
	return (int64_t)(rnd % (uint64_t)(ceil + 1));
}

uint64_t status_rand(uint64_t *state)
{
	uint64_t x = *state;

	if (x == 0) x = 0x9e3779b97f4a7c15ULL;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

void status_sleep_ms(int64_t ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
