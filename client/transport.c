/* transport.c: one channel's connection: non-blocking TCP connect, TLS over
 * memory BIOs (so socket writes use MSG_NOSIGNAL and never raise SIGPIPE in
 * the host application), ALPN h2, and an nghttp2 client session driven by
 * poll() until what a call waits for happens or its deadline passes.
 * Synchronous: the caller's thread does all the work; nothing runs in the
 * background. Flow control is manual: response bytes go back to the
 * connection window as they arrive, and to a stream's window when taken
 * (at once for unary and server-streaming calls, as the caller receives
 * them for streaming calls). */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "client.h"
#include "grpc_status.h"
#include "util.h"

#define OUT_HIGH_WATER (64 * 1024)
#define READ_CHUNK     (16 * 1024)
#define CONN_WINDOW    (8 * 1024 * 1024)

/* ---- small helpers -------------------------------------------------- */

/* Milliseconds until the earlier of two absolute deadlines (0 = none), -1
 * when neither is set, 0 when passed. */
static int remaining_ms(int64_t a, int64_t b)
{
	int64_t d = a == 0 ? b : (b == 0 ? a : (a < b ? a : b));
	int64_t left;

	if (d == 0) return -1;
	left = d - clock_mono_ms();
	if (left <= 0) return 0;
	return left > 1000000 ? 1000000 : (int)left;
}

/* Wait until fd is ready for `events` or the deadline; 1 ready, 0 timed
 * out, negative errno on poll failure. */
static int wait_fd(int fd, short events, int64_t d1, int64_t d2)
{
	for (;;) {
		struct pollfd p = {.fd = fd, .events = events};
		int t = remaining_ms(d1, d2);
		int r;

		if (t == 0) return 0;
		r = poll(&p, 1, t);
		if (r > 0) return 1;
		if (r == 0) continue; /* re-check the clock */
		if (errno != EINTR) return -errno;
	}
}

/* Describe the OpenSSL error queue (and the verify result) into detail. */
static void tls_detail(passend_channel *ch, const char *what)
{
	unsigned long e = ERR_peek_last_error();
	long vr = ch->ssl ? SSL_get_verify_result(ch->ssl) : X509_V_OK;

	if (e && ERR_GET_REASON(e) == SSL_R_CERTIFICATE_VERIFY_FAILED && vr != X509_V_OK)
		client_set_detail(ch, "certificate verify failed: %s", X509_verify_cert_error_string(vr));
	else if (e && ERR_reason_error_string(e))
		client_set_detail(ch, "%s: %s", what, ERR_reason_error_string(e));
	else if (e)
		client_set_detail(ch, "%s: OpenSSL error %lu", what, e);
	else
		client_set_detail(ch, "%s", what);
	ERR_clear_error();
}

/* ---- socket I/O ----------------------------------------------------- */

/* Move TLS output from the write BIO into ch->out. */
static int drain_wbio(passend_channel *ch)
{
	uint8_t tmp[READ_CHUNK];
	int n;

	if (!ch->wbio) return 0;
	while ((n = BIO_read(ch->wbio, tmp, sizeof tmp)) > 0)
		if (buf_append(&ch->out, tmp, (size_t)n) < 0) return PASSEND_ENOMEM;
	return 0;
}

/* Write pending bytes. Returns 0 when all written, 1 when the socket is
 * full, or PASSEND_EIO / PASSEND_ECLOSED. */
static int net_flush(passend_channel *ch)
{
	while (buf_avail(&ch->out) > 0) {
		ssize_t n =
		    send(ch->fd, buf_rptr(&ch->out), buf_avail(&ch->out), MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			buf_consume(&ch->out, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR) continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 1;
		client_set_detail(ch, "write to server: %s", strerror(errno));
		return errno == EPIPE || errno == ECONNRESET ? PASSEND_ECLOSED : PASSEND_EIO;
	}
	return 0;
}

/* Read what the socket has (without waiting). For TLS the bytes go into the
 * read BIO; for h2c into `plain`. Returns bytes read, 0 when nothing is
 * available, PASSEND_ECLOSED on EOF, PASSEND_EIO on error. */
static ssize_t net_read(passend_channel *ch, uint8_t *plain, size_t cap)
{
	uint8_t tmp[READ_CHUNK];
	uint8_t *dst = ch->ssl ? tmp : plain;
	size_t len = ch->ssl ? sizeof tmp : cap;
	ssize_t n;

	do
		n = recv(ch->fd, dst, len, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
	if (n < 0) {
		client_set_detail(ch, "read from server: %s", strerror(errno));
		return errno == ECONNRESET ? PASSEND_ECLOSED : PASSEND_EIO;
	}
	if (n == 0) {
		client_set_detail(ch, "connection closed by the server");
		return PASSEND_ECLOSED;
	}
	if (ch->ssl && BIO_write(ch->rbio, tmp, (int)n) != (int)n) return PASSEND_ENOMEM;
	return n;
}

/* ---- TCP ------------------------------------------------------------ */

static int tcp_connect(passend_channel *ch, int64_t call_deadline, int64_t conn_deadline)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL;
	int err = 0;
	int rc;

	rc = getaddrinfo(ch->host, ch->port, &hints, &res);
	if (rc != 0) {
		client_set_detail(ch, "cannot resolve %s: %s", ch->host, gai_strerror(rc));
		return PASSEND_ECONNECT;
	}
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		int fd =
		    socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
		int one = 1;
		socklen_t sl = sizeof err;

		if (fd < 0) {
			err = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
			if (errno != EINPROGRESS) {
				err = errno;
				close(fd);
				continue;
			}
			rc = wait_fd(fd, POLLOUT, call_deadline, conn_deadline);
			if (rc <= 0) {
				err = rc == 0 ? ETIMEDOUT : -rc;
				close(fd);
				if (rc == 0) break; /* the deadline is shared by all addresses */
				continue;
			}
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl) < 0) err = errno;
			if (err != 0) {
				close(fd);
				continue;
			}
		}
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		ch->fd = fd;
		freeaddrinfo(res);
		return 0;
	}
	freeaddrinfo(res);
	client_set_detail(ch, "cannot connect to %s: %s", ch->authority, strerror(err ? err : ECONNREFUSED));
	if (err == ETIMEDOUT && call_deadline && clock_mono_ms() >= call_deadline) return PASSEND_ETIMEOUT;
	return PASSEND_ECONNECT;
}

/* ---- TLS ------------------------------------------------------------ */

static int tls_ctx(passend_channel *ch)
{
	static const unsigned char alpn[] = "\x02h2";
	SSL_CTX *ctx;

	if (ch->ssl_ctx) return 0;
	ERR_clear_error();
	ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx) {
		tls_detail(ch, "cannot create TLS context");
		return PASSEND_ENOMEM;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	if (ch->ca_file) {
		if (SSL_CTX_load_verify_locations(ctx, ch->ca_file, NULL) != 1) {
			tls_detail(ch, "cannot load CA file");
			client_set_detail(ch, "cannot load CA file %s", ch->ca_file);
			goto fail;
		}
	} else if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
		tls_detail(ch, "cannot load the system CA store");
		goto fail;
	}
	if (ch->client_cert) {
		if (SSL_CTX_use_certificate_chain_file(ctx, ch->client_cert) != 1 ||
		    SSL_CTX_use_PrivateKey_file(ctx, ch->client_key, SSL_FILETYPE_PEM) != 1 ||
		    SSL_CTX_check_private_key(ctx) != 1) {
			tls_detail(ch, "cannot load client certificate or key");
			goto fail;
		}
	}
	if (SSL_CTX_set_alpn_protos(ctx, alpn, sizeof alpn - 1) != 0) {
		tls_detail(ch, "cannot set ALPN");
		goto fail;
	}
	ch->ssl_ctx = ctx;
	return 0;
fail:
	SSL_CTX_free(ctx);
	return PASSEND_ETLS;
}

static int is_ip_literal(const char *s)
{
	unsigned char tmp[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, tmp) == 1 || inet_pton(AF_INET6, s, tmp) == 1;
}

static int tls_handshake(passend_channel *ch, int64_t call_deadline, int64_t conn_deadline)
{
	X509_VERIFY_PARAM *param;
	const unsigned char *proto = NULL;
	unsigned int plen = 0;
	int rc;

	rc = tls_ctx(ch);
	if (rc < 0) return rc;
	ERR_clear_error();
	ch->ssl = SSL_new(ch->ssl_ctx);
	ch->rbio = BIO_new(BIO_s_mem());
	ch->wbio = BIO_new(BIO_s_mem());
	if (!ch->ssl || !ch->rbio || !ch->wbio) {
		BIO_free(ch->rbio);
		BIO_free(ch->wbio);
		ch->rbio = ch->wbio = NULL;
		return PASSEND_ENOMEM;
	}
	SSL_set_bio(ch->ssl, ch->rbio, ch->wbio); /* ssl owns both BIOs now */
	param = SSL_get0_param(ch->ssl);
	if (is_ip_literal(ch->server_name)) {
		rc = X509_VERIFY_PARAM_set1_ip_asc(param, ch->server_name);
	} else {
		X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
		rc = X509_VERIFY_PARAM_set1_host(param, ch->server_name, 0) &&
		     SSL_set_tlsext_host_name(ch->ssl, ch->server_name);
	}
	if (rc != 1) {
		tls_detail(ch, "cannot set the server name to verify");
		return PASSEND_ETLS;
	}
	SSL_set_connect_state(ch->ssl);
	for (;;) {
		int r = SSL_do_handshake(ch->ssl);
		int e = r == 1 ? SSL_ERROR_NONE : SSL_get_error(ch->ssl, r);
		ssize_t n;

		if (drain_wbio(ch) < 0) return PASSEND_ENOMEM;
		rc = net_flush(ch);
		if (rc < 0) return PASSEND_ECONNECT;
		if (e == SSL_ERROR_NONE && rc == 0) break;
		if (e != SSL_ERROR_NONE && e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
			tls_detail(ch, "TLS handshake failed");
			return PASSEND_ETLS;
		}
		if (rc == 1 || e == SSL_ERROR_WANT_READ) {
			short ev = rc == 1 ? POLLOUT : POLLIN;
			int w = wait_fd(ch->fd, ev, call_deadline, conn_deadline);
			if (w == 0) {
				client_set_detail(ch, "TLS handshake with %s timed out", ch->authority);
				return call_deadline && clock_mono_ms() >= call_deadline ? PASSEND_ETIMEOUT
				                                                         : PASSEND_ETLS;
			}
			if (w < 0) {
				client_set_detail(ch, "poll: %s", strerror(-w));
				return PASSEND_EIO;
			}
			if (ev == POLLIN) {
				n = net_read(ch, NULL, 0);
				if (n < 0) {
					client_set_detail(ch, "connection closed during the TLS handshake "
					                      "(server does not speak TLS or rejected us)");
					return PASSEND_ETLS;
				}
			}
		}
	}
	SSL_get0_alpn_selected(ch->ssl, &proto, &plen);
	if (plen != 2 || memcmp(proto, "h2", 2) != 0) {
		client_set_detail(ch, "server did not select ALPN protocol h2 (gRPC requires HTTP/2)");
		return PASSEND_ETLS;
	}
	return 0;
}

/* ---- nghttp2 callbacks -------------------------------------------- */

/* The call of a stream (NULL once transport_end_call detached it). */
static struct client_call *call_of(nghttp2_session *s, passend_channel *ch, int32_t stream_id)
{
	(void)ch;
	return nghttp2_session_get_stream_user_data(s, stream_id);
}

/* Stop the call locally with a status; the stream is reset with CANCEL. */
static void call_fail_local(nghttp2_session *s, struct client_call *call, int code, int err, const char *msg)
{
	if (call->local_status >= 0) return;
	call->local_status = code;
	call->local_err = err;
	call->local_message = msg;
	(void)nghttp2_submit_rst_stream(s, NGHTTP2_FLAG_NONE, call->stream_id, NGHTTP2_CANCEL);
}

static int on_header(nghttp2_session *s, const nghttp2_frame *frame, const uint8_t *name, size_t namelen,
                     const uint8_t *value, size_t valuelen, uint8_t flags, void *user_data)
{
	struct client_call *call = call_of(s, user_data, frame->hd.stream_id);

	if (!call || frame->hd.type != NGHTTP2_HEADERS) return 0;
	if (namelen == 7 && memcmp(name, ":status", 7) == 0) {
		int st = 0;
		for (size_t i = 0; i < valuelen && i < 3; i++)
			st = st * 10 + (value[i] - '0');
		call->http_status = st;
	} else if (namelen == 12 && memcmp(name, "content-type", 12) == 0) {
		/* "application/grpc", optionally followed by "+proto" or ";params" */
		if (valuelen < 16 || memcmp(value, "application/grpc", 16) != 0 ||
		    (valuelen > 16 && value[16] != '+' && value[16] != ';'))
			call->bad_content_type = 1;
	} else if (namelen == 11 && memcmp(name, "grpc-status", 11) == 0) {
		call->grpc_status = status_parse_grpc_status(value, valuelen);
	} else if (namelen == 12 && memcmp(name, "grpc-message", 12) == 0) {
		free(call->grpc_message);
		call->grpc_message = strndup((const char *)value, valuelen);
	}
	return 0;
}

static int on_data_chunk(nghttp2_session *s, uint8_t flags, int32_t stream_id, const uint8_t *data,
                         size_t len, void *user_data)
{
	struct client_call *call = call_of(s, user_data, stream_id);
	const uint8_t *msg;
	size_t mlen;
	int compressed;
	int r;

	/* The connection window reopens at once: a stream nobody reads must not
	 * stall the others (its own window holds it back). */
	(void)nghttp2_session_consume_connection(s, len);
	if (!call || call->local_status >= 0 || call->http_status != 200 || !call->streaming)
		(void)nghttp2_session_consume_stream(s, stream_id, len);
	if (!call || call->local_status >= 0 || call->http_status != 200) return 0;
	if (grpc_frame_reader_feed(&call->reader, data, len) < 0) {
		call_fail_local(s, call, GRPC_STATUS_RESOURCE_EXHAUSTED, PASSEND_ENOMEM, "out of memory");
		return 0;
	}
	if (call->streaming) {
		/* Held until the caller takes the message; while it waits for one
		 * that is not complete yet, the bytes must flow. */
		call->unconsumed += len;
		if (call->receiving && !grpc_frame_reader_ready(&call->reader)) {
			(void)nghttp2_session_consume_stream(s, stream_id, call->unconsumed);
			call->unconsumed = 0;
		}
		return 0;
	}
	while ((r = grpc_frame_reader_next(&call->reader, &msg, &mlen, &compressed)) == GRPC_FRAME_OK) {
		int cr;

		call->messages++;
		cr = call->on_msg(call->arg, msg, mlen);
		if (cr == PASSEND_ECANCELLED)
			call_fail_local(s, call, GRPC_STATUS_CANCELLED, cr, "cancelled by the caller");
		else if (cr == PASSEND_EDECODE)
			call_fail_local(s, call, GRPC_STATUS_INTERNAL, cr,
			                "cannot decode the response message");
		else if (cr == PASSEND_ENOMEM)
			call_fail_local(s, call, GRPC_STATUS_RESOURCE_EXHAUSTED, cr, "out of memory");
		else if (cr < 0)
			call_fail_local(s, call, GRPC_STATUS_INTERNAL, PASSEND_EPROTO,
			                "more than one response message in a unary call");
		if (call->local_status >= 0) return 0;
	}
	if (r == GRPC_FRAME_E_TOO_LARGE)
		call_fail_local(s, call, GRPC_STATUS_RESOURCE_EXHAUSTED, PASSEND_EPROTO,
		                "response message larger than the channel's max_message_bytes");
	else if (r == GRPC_FRAME_E_COMPRESSED)
		call_fail_local(s, call, GRPC_STATUS_INTERNAL, PASSEND_EPROTO,
		                "compressed response message, but no grpc-encoding was offered");
	else if (r < 0 && r != GRPC_FRAME_NEED_MORE)
		call_fail_local(s, call, GRPC_STATUS_INTERNAL, PASSEND_EPROTO,
		                "malformed gRPC message frame");
	return 0;
}

static int on_frame_recv(nghttp2_session *s, const nghttp2_frame *frame, void *user_data)
{
	passend_channel *ch = user_data;

	if (frame->hd.type == NGHTTP2_GOAWAY) {
		ch->goaway_last_stream_id = frame->goaway.last_stream_id;
		ch->state = CLIENT_CONN_DRAINING;
	}
	return 0;
}

static int on_stream_close(nghttp2_session *s, int32_t stream_id, uint32_t error_code, void *user_data)
{
	struct client_call *call = call_of(s, user_data, stream_id);

	if (call) {
		call->closed = 1;
		call->rst_code = error_code;
	}
	return 0;
}

static ssize_t req_read(nghttp2_session *s, int32_t stream_id, uint8_t *out, size_t len, uint32_t *flags,
                        nghttp2_data_source *src, void *user_data)
{
	struct client_call *call = call_of(s, user_data, stream_id);
	size_t n;

	if (!call) /* abandoned call: its request is gone */
		return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
	if (call->streaming) {
		n = buf_avail(&call->sendq);
		if (n > len) n = len;
		if (n == 0 && !call->half_closed) {
			call->deferred = 1; /* transport_resume wakes it */
			return NGHTTP2_ERR_DEFERRED;
		}
		if (n) memcpy(out, buf_rptr(&call->sendq), n);
		buf_consume(&call->sendq, n);
		if (call->half_closed && buf_avail(&call->sendq) == 0) *flags |= NGHTTP2_DATA_FLAG_EOF;
		return (ssize_t)n;
	}
	n = call->req_len - call->req_off;
	if (n > len) n = len;
	memcpy(out, call->req + call->req_off, n);
	call->req_off += n;
	if (call->req_off == call->req_len) *flags |= NGHTTP2_DATA_FLAG_EOF;
	return (ssize_t)n;
}

static int h2_start(passend_channel *ch)
{
	nghttp2_session_callbacks *cb;
	nghttp2_settings_entry iv[] = {
	    {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
	    {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20},
	    {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, 64 * 1024},
	};
	nghttp2_option *opt;
	int rc;

	if (nghttp2_session_callbacks_new(&cb) != 0) return PASSEND_ENOMEM;
	if (nghttp2_option_new(&opt) != 0) {
		nghttp2_session_callbacks_del(cb);
		return PASSEND_ENOMEM;
	}
	nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
	nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data_chunk);
	nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame_recv);
	nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_stream_close);
	nghttp2_option_set_no_auto_window_update(opt, 1); /* see on_data_chunk */
	rc = nghttp2_session_client_new2(&ch->h2, cb, ch, opt);
	nghttp2_option_del(opt);
	nghttp2_session_callbacks_del(cb);
	if (rc != 0) return PASSEND_ENOMEM;
	if (nghttp2_submit_settings(ch->h2, NGHTTP2_FLAG_NONE, iv, sizeof iv / sizeof iv[0]) != 0 ||
	    nghttp2_session_set_local_window_size(ch->h2, NGHTTP2_FLAG_NONE, 0, CONN_WINDOW) != 0)
		return PASSEND_ENOMEM;
	return 0;
}

/* Move nghttp2 output through TLS into ch->out (up to the high-water mark). */
static int h2_produce(passend_channel *ch)
{
	while (buf_avail(&ch->out) < OUT_HIGH_WATER && nghttp2_session_want_write(ch->h2)) {
		const uint8_t *data;
		ssize_t n = nghttp2_session_mem_send(ch->h2, &data);

		if (n < 0) {
			client_set_detail(ch, "HTTP/2: %s", nghttp2_strerror((int)n));
			return PASSEND_EPROTO;
		}
		if (n == 0) break;
		if (ch->ssl) {
			ERR_clear_error();
			if (SSL_write(ch->ssl, data, (int)n) != (int)n) {
				tls_detail(ch, "TLS write failed");
				return PASSEND_ETLS;
			}
			if (drain_wbio(ch) < 0) return PASSEND_ENOMEM;
		} else if (buf_append(&ch->out, data, (size_t)n) < 0) {
			return PASSEND_ENOMEM;
		}
	}
	return 0;
}

/* Feed plaintext bytes to nghttp2. */
static int h2_feed(passend_channel *ch, const uint8_t *p, size_t n)
{
	ssize_t r = nghttp2_session_mem_recv(ch->h2, p, n);

	if (r < 0) {
		client_set_detail(ch, "HTTP/2 protocol error from server: %s", nghttp2_strerror((int)r));
		return PASSEND_EPROTO;
	}
	return 0;
}

/* Read and process everything the socket has now. Returns >0 when bytes
 * were processed, 0 when none were available, or a negative error. */
static int pump_read(passend_channel *ch)
{
	uint8_t plain[READ_CHUNK];
	int got = 0;

	for (;;) {
		ssize_t n = net_read(ch, plain, sizeof plain);
		int rc;

		if (n < 0) return (int)n;
		if (n == 0) return got;
		got = 1;
		if (!ch->ssl) {
			rc = h2_feed(ch, plain, (size_t)n);
			if (rc < 0) return rc;
			continue;
		}
		for (;;) {
			int r;

			ERR_clear_error();
			r = SSL_read(ch->ssl, plain, sizeof plain);
			if (r > 0) {
				rc = h2_feed(ch, plain, (size_t)r);
				if (rc < 0) return rc;
				continue;
			}
			r = SSL_get_error(ch->ssl, r);
			if (r == SSL_ERROR_WANT_READ || r == SSL_ERROR_WANT_WRITE) break;
			if (r == SSL_ERROR_ZERO_RETURN) {
				client_set_detail(ch, "connection closed by the server");
				return PASSEND_ECLOSED;
			}
			tls_detail(ch, "TLS read failed");
			return PASSEND_ETLS;
		}
		if (drain_wbio(ch) < 0) /* session tickets, key updates */
			return PASSEND_ENOMEM;
	}
}

/* ---- public (internal) API ---------------------------------------- */

void transport_goodbye(passend_channel *ch)
{
	if (ch->state != CLIENT_CONN_READY || !ch->h2) return;
	/* Best effort, without waiting: GOAWAY(NO_ERROR) and, for TLS, close_notify. */
	if (nghttp2_session_terminate_session(ch->h2, NGHTTP2_NO_ERROR) == 0 && h2_produce(ch) == 0) {
		if (ch->ssl) {
			ERR_clear_error();
			(void)SSL_shutdown(ch->ssl);
			ERR_clear_error();
			if (drain_wbio(ch) < 0) return;
		}
		(void)net_flush(ch);
	}
}

void transport_close(passend_channel *ch)
{
	/* The calls still open on this connection end with it (they stay
	 * linked until their owner ends them). */
	for (struct client_call *c = ch->calls; c; c = c->next) {
		if (!c->closed) {
			c->closed = 1;
			c->conn_err = PASSEND_ECLOSED;
		}
		c->stream_id = -1;
	}
	if (ch->h2) {
		nghttp2_session_del(ch->h2);
		ch->h2 = NULL;
	}
	if (ch->ssl) {
		SSL_free(ch->ssl); /* frees rbio and wbio */
		ch->ssl = NULL;
	}
	ch->rbio = ch->wbio = NULL;
	if (ch->fd >= 0) {
		close(ch->fd);
		ch->fd = -1;
	}
	buf_reset(&ch->out);
	ch->goaway_last_stream_id = -1;
	ch->state = CLIENT_CONN_IDLE;
}

/* Non-blocking look at an idle READY connection: process a GOAWAY or EOF
 * the server sent while we were not looking. */
static void check_idle(passend_channel *ch)
{
	if (pump_read(ch) < 0 || h2_produce(ch) < 0 || net_flush(ch) < 0 ||
	    (!nghttp2_session_want_read(ch->h2) && !nghttp2_session_want_write(ch->h2)) ||
	    nghttp2_session_get_next_stream_id(ch->h2) > (1u << 30))
		ch->state = CLIENT_CONN_DRAINING;
}

int transport_ensure(passend_channel *ch, int64_t deadline_ms)
{
	int64_t conn_deadline;
	int rc;

	if (ch->state == CLIENT_CONN_READY) check_idle(ch);
	if (ch->state == CLIENT_CONN_READY) return 0;
	transport_close(ch);
	conn_deadline = clock_mono_ms() + ch->connect_timeout_ms;
	rc = tcp_connect(ch, deadline_ms, conn_deadline);
	if (rc < 0) goto fail;
	if (!ch->plaintext) {
		rc = tls_handshake(ch, deadline_ms, conn_deadline);
		if (rc < 0) goto fail;
	}
	rc = h2_start(ch);
	if (rc < 0) goto fail;
	rc = h2_produce(ch);
	if (rc < 0) goto fail;
	rc = net_flush(ch);
	if (rc < 0) {
		rc = PASSEND_ECONNECT;
		goto fail;
	}
	ch->state = CLIENT_CONN_READY;
	return 0;
fail:
	transport_close(ch);
	return rc;
}

int transport_submit(passend_channel *ch, struct client_call *call, const nghttp2_nv *nva, size_t nvlen)
{
	nghttp2_data_provider prd = {.source.ptr = NULL, .read_callback = req_read};
	int32_t id = nghttp2_submit_request(ch->h2, NULL, nva, nvlen, &prd, call);

	if (id < 0) {
		client_set_detail(ch, "HTTP/2: %s", nghttp2_strerror(id));
		ch->state = CLIENT_CONN_DRAINING;
		return id == NGHTTP2_ERR_NOMEM ? PASSEND_ENOMEM : PASSEND_ECLOSED;
	}
	call->stream_id = id;
	call->prev = NULL;
	call->next = ch->calls;
	if (ch->calls) ch->calls->prev = call;
	ch->calls = call;
	return 0;
}

static int satisfied(const struct client_call *call, enum transport_until until)
{
	if (call->closed) return 1;
	switch (until) {
	case UNTIL_MESSAGE:
		return grpc_frame_reader_ready(&call->reader);
	case UNTIL_SENT:
		return buf_avail(&call->sendq) < CLIENT_SEND_HWM;
	case UNTIL_CLOSED:
	default:
		return 0;
	}
}

int transport_run(passend_channel *ch, struct client_call *call, int64_t deadline_ms)
{
	return transport_wait(ch, call, UNTIL_CLOSED, deadline_ms);
}

int transport_wait(passend_channel *ch, struct client_call *call, enum transport_until until,
                   int64_t deadline_ms)
{
	int rc;

	for (;;) {
		if (until != UNTIL_SENT && satisfied(call, until)) return 0;
		rc = h2_produce(ch);
		if (rc < 0) goto fail;
		rc = net_flush(ch);
		if (rc < 0) goto fail;
		rc = pump_read(ch);
		/* The server may end the connection right after the call's last
		 * frames (e.g. while draining): the call is complete, the
		 * connection is not reusable. */
		if (call->closed) {
			if (rc < 0) transport_close(ch);
			return 0;
		}
		if (rc < 0) goto fail;
		if (satisfied(call, until)) return 0;
		if (rc > 0) continue;
		if (!nghttp2_session_want_read(ch->h2) && !nghttp2_session_want_write(ch->h2)) {
			client_set_detail(ch, "HTTP/2 session ended by the server");
			rc = PASSEND_ECLOSED;
			goto fail;
		}
		rc = wait_fd(ch->fd, (short)(POLLIN | (buf_avail(&ch->out) ? POLLOUT : 0)), deadline_ms, 0);
		if (rc == 0) return PASSEND_ETIMEOUT;
		if (rc < 0) {
			client_set_detail(ch, "poll: %s", strerror(-rc));
			rc = PASSEND_EIO;
			goto fail;
		}
	}
fail:
	transport_close(ch);
	return rc;
}

void transport_cancel(passend_channel *ch, struct client_call *call)
{
	if (call->channel_gone || call->closed) return;
	call->closed = 1; /* nothing about this stream reaches the call any more */
	if (!ch->h2 || call->stream_id <= 0) return;
	(void)nghttp2_submit_rst_stream(ch->h2, NGHTTP2_FLAG_NONE, call->stream_id, NGHTTP2_CANCEL);
	(void)nghttp2_session_set_stream_user_data(ch->h2, call->stream_id, NULL);
	if (h2_produce(ch) < 0 || net_flush(ch) < 0) transport_close(ch);
}

void transport_end_call(passend_channel *ch, struct client_call *call)
{
	if (call->channel_gone) return;
	if (!call->prev && ch->calls != call) return; /* never submitted, or already ended */
	transport_cancel(ch, call);
	if (call->prev)
		call->prev->next = call->next;
	else
		ch->calls = call->next;
	if (call->next) call->next->prev = call->prev;
	call->next = call->prev = NULL;
}

void transport_resume(passend_channel *ch, struct client_call *call)
{
	if (!call->deferred || !ch->h2 || call->stream_id <= 0 || call->closed) return;
	call->deferred = 0;
	(void)nghttp2_session_resume_data(ch->h2, call->stream_id);
}

void transport_consume(passend_channel *ch, struct client_call *call, size_t n)
{
	if (!n || !ch->h2 || call->stream_id <= 0 || call->closed) return;
	(void)nghttp2_session_consume_stream(ch->h2, call->stream_id, n);
}
