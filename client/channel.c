/* channel.c: the passend_channel handle: target parsing, copied options,
 * request metadata, the status/message/detail of the last call, error strings
 * and explicit connect. The connection itself lives in transport.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "client.h"
#include "grpc_status.h"
#include "util.h"

/* Indexed by the negated error code, from PASSEND_OK down to PASSEND_ECANCELLED
 * in the order of enum passend_error. */
static const char *const error_text[] = {
    "success",
    "invalid argument",
    "out of memory",
    "cannot connect to the server",
    "TLS failure",
    "protocol error",
    "the server returned an error",
    "deadline exceeded",
    "connection closed",
    "cannot decode the response",
    "I/O error",
    "call cancelled by the caller",
};
_Static_assert(sizeof(error_text) / sizeof(error_text[0]) == 1 - PASSEND_ECANCELLED,
               "one text per passend_error");

const char *passend_strerror(int err)
{
	const int n = (int)(sizeof(error_text) / sizeof(error_text[0]));
	if (err > 0 || err <= -n || !error_text[-err]) return "unknown error";
	return error_text[-err];
}

const char *passend_status_name(int code)
{
	return grpc_status_name(code);
}

static char *dup_opt(const char *s, int *fail)
{
	char *r;

	if (!s) return NULL;
	r = strdup(s);
	if (!r) *fail = 1;
	return r;
}

/* Split "host:port" / "[v6]:port" into host and port (malloc'd). */
static int parse_target(const char *target, char **host, char **port)
{
	const char *colon;
	const char *h;
	size_t hlen;

	if (target[0] == '[') {
		const char *end = strchr(target, ']');
		if (!end || end[1] != ':' || end[2] == '\0') return PASSEND_EINVAL;
		h = target + 1;
		hlen = (size_t)(end - h);
		colon = end + 1;
	} else {
		colon = strrchr(target, ':');
		if (!colon || colon[1] == '\0' || memchr(target, ':', (size_t)(colon - target)))
			return PASSEND_EINVAL;
		h = target;
		hlen = (size_t)(colon - target);
	}
	if (hlen == 0 || strspn(colon + 1, "0123456789") != strlen(colon + 1)) return PASSEND_EINVAL;
	*host = strndup(h, hlen);
	*port = strdup(colon + 1);
	if (!*host || !*port) {
		free(*host);
		free(*port);
		return PASSEND_ENOMEM;
	}
	return 0;
}

int passend_channel_open(passend_channel **out, const char *target, const passend_channel_opts *opts)
{
	passend_channel_opts none = {0};
	passend_channel *ch;
	int fail = 0;
	int rc;

	if (!out || !target) return PASSEND_EINVAL;
	*out = NULL;
	if (!opts) opts = &none;
	if ((opts->client_cert == NULL) != (opts->client_key == NULL)) return PASSEND_EINVAL;
	ch = calloc(1, sizeof *ch);
	if (!ch) return PASSEND_ENOMEM;
	ch->fd = -1;
	ch->goaway_last_stream_id = -1;
	rc = parse_target(target, &ch->host, &ch->port);
	if (rc < 0) goto fail;
	ch->authority = dup_opt(target, &fail);
	ch->server_name = dup_opt(opts->server_name ? opts->server_name : ch->host, &fail);
	ch->ca_file = dup_opt(opts->ca_file, &fail);
	ch->client_cert = dup_opt(opts->client_cert, &fail);
	ch->client_key = dup_opt(opts->client_key, &fail);
	ch->last_message = dup_opt("", &fail);
	if (fail) {
		rc = PASSEND_ENOMEM;
		goto fail;
	}
	ch->plaintext = opts->insecure_plaintext != 0;
	ch->connect_timeout_ms = opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms : 10000;
	ch->max_retries = opts->max_retries == 0 ? 3 : (opts->max_retries < 0 ? 0 : opts->max_retries);
	ch->retry_base_ms = opts->retry_base_ms > 0 ? opts->retry_base_ms : 100;
	ch->max_message_bytes = opts->max_message_bytes ? opts->max_message_bytes : 4u << 20;
	if (opts->token) {
		size_t n = strlen(opts->token) + sizeof "Bearer ";
		char *v = malloc(n);
		if (!v) {
			rc = PASSEND_ENOMEM;
			goto fail;
		}
		snprintf(v, n, "Bearer %s", opts->token);
		rc = passend_channel_set_metadata(ch, "authorization", v);
		free(v);
		if (rc < 0) goto fail;
	}
	if (getrandom(&ch->rng, sizeof ch->rng, GRND_NONBLOCK) != (ssize_t)sizeof ch->rng)
		ch->rng = (uint64_t)clock_mono_ms() ^ (uint64_t)(uintptr_t)ch;
	*out = ch;
	return 0;
fail:
	passend_channel_close(ch);
	return rc;
}

void passend_channel_close(passend_channel *ch)
{
	if (!ch) return;
	/* Streams still open end here; passend_stream_free later touches only
	 * the stream. */
	for (struct client_call *c = ch->calls; c; c = c->next)
		c->channel_gone = 1;
	transport_close(ch);
	ch->calls = NULL;
	if (ch->ssl_ctx) SSL_CTX_free(ch->ssl_ctx);
	buf_free(&ch->out);
	for (size_t i = 0; i < ch->md_len; i++) {
		free(ch->md[i].key);
		free(ch->md[i].value);
	}
	free(ch->md);
	free(ch->host);
	free(ch->port);
	free(ch->authority);
	free(ch->server_name);
	free(ch->ca_file);
	free(ch->client_cert);
	free(ch->client_key);
	free(ch->last_message);
	free(ch);
}

int passend_channel_set_metadata(passend_channel *ch, const char *key, const char *value)
{
	struct client_md *md;
	char *k, *v;

	if (!ch || !key || !value || !key[0] || key[0] == ':') return PASSEND_EINVAL;
	for (const char *p = key; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || *p == ' ') return PASSEND_EINVAL;
	for (size_t i = 0; i < ch->md_len; i++) {
		if (strcmp(ch->md[i].key, key) == 0) {
			v = strdup(value);
			if (!v) return PASSEND_ENOMEM;
			free(ch->md[i].value);
			ch->md[i].value = v;
			return 0;
		}
	}
	md = realloc(ch->md, (ch->md_len + 1) * sizeof *md);
	if (!md) return PASSEND_ENOMEM;
	ch->md = md;
	k = strdup(key);
	v = strdup(value);
	if (!k || !v) {
		free(k);
		free(v);
		return PASSEND_ENOMEM;
	}
	ch->md[ch->md_len].key = k;
	ch->md[ch->md_len].value = v;
	ch->md_len++;
	return 0;
}

int passend_last_status(const passend_channel *ch)
{
	return ch ? ch->last_status : GRPC_STATUS_UNKNOWN;
}

const char *passend_last_message(const passend_channel *ch)
{
	return ch && ch->last_message ? ch->last_message : "";
}

const char *passend_last_error_detail(const passend_channel *ch)
{
	return ch ? ch->detail : "";
}

int client_set_status(passend_channel *ch, int err, int code, const char *msg)
{
	char *m = strdup(msg ? msg : "");

	ch->last_status = code;
	if (m) {
		free(ch->last_message);
		ch->last_message = m;
	}
	return err;
}

void client_set_detail(passend_channel *ch, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ch->detail, sizeof ch->detail, fmt, ap);
	va_end(ap);
}

int passend_channel_connect(passend_channel *ch, int64_t timeout_ms)
{
	int rc;

	if (!ch) return PASSEND_EINVAL;
	ch->detail[0] = '\0';
	rc = transport_ensure(ch, timeout_ms > 0 ? clock_mono_ms() + timeout_ms : 0);
	if (rc < 0)
		return client_set_status(
		    ch, rc, rc == PASSEND_ETIMEOUT ? GRPC_STATUS_DEADLINE_EXCEEDED : GRPC_STATUS_UNAVAILABLE,
		    ch->detail);
	return client_set_status(ch, 0, GRPC_STATUS_OK, "");
}
