/* tls: OpenSSL 3 server contexts (refcounted, rebuilt on SIGHUP) and
 * per-connection sessions on custom in-memory BIOs: the read BIO reads the
 * ciphertext chunk being fed, the write BIO appends straight into the
 * connection's output buf, so ciphertext is never copied through a BIO_s_mem. */
#include "tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

struct tls_ctx {
	SSL_CTX *ssl_ctx;
	atomic_int refs;
};

#define TLS_MAX_RECORD 16384

static BIO_METHOD *bio_method;
static pthread_once_t bio_once = PTHREAD_ONCE_INIT;
static _Thread_local char last_error[128] = "none";
/* Decrypted bytes are gathered here before one callback: the caller works
 * synchronously, so one buffer per thread serves every connection. */
static _Thread_local uint8_t plain_buf[65536];

static void set_last_error(const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;
	snprintf(last_error, sizeof(last_error), "%s", r ? r : fallback);
	ERR_clear_error();
}

const char *tls_last_error(void)
{
	return last_error;
}

/* ---- custom BIO --------------------------------------------------------- */

static int bio_write(BIO *b, const char *data, int len)
{
	tls_session *s = BIO_get_data(b);
	BIO_clear_retry_flags(b);
	if (len <= 0) return 0;
	if (buf_append(s->out, data, (size_t)len) != 0) {
		s->failed = 1;
		return -1;
	}
	return len;
}

static int bio_read(BIO *b, char *data, int len)
{
	tls_session *s = BIO_get_data(b);
	BIO_clear_retry_flags(b);
	if (s->in_len == 0) {
		BIO_set_retry_read(b);
		return -1;
	}
	size_t n = (size_t)len < s->in_len ? (size_t)len : s->in_len;
	memcpy(data, s->in, n);
	s->in += n;
	s->in_len -= n;
	return (int)n;
}

static long bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	tls_session *s = BIO_get_data(b);
	switch (cmd) {
	case BIO_CTRL_FLUSH:
		return 1;
	case BIO_CTRL_PENDING:
		return s ? (long)s->in_len : 0;
	case BIO_CTRL_WPENDING:
		return 0;
	default:
		return 0;
	}
}

static int bio_create(BIO *b)
{
	BIO_set_init(b, 1);
	return 1;
}

static int bio_destroy(BIO *b)
{
	return 1;
}

static void bio_method_init(void)
{
	BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "passend");
	if (!m) return;
	BIO_meth_set_write(m, bio_write);
	BIO_meth_set_read(m, bio_read);
	BIO_meth_set_ctrl(m, bio_ctrl);
	BIO_meth_set_create(m, bio_create);
	BIO_meth_set_destroy(m, bio_destroy);
	bio_method = m;
}

/* ---- context ------------------------------------------------------------ */

static const unsigned char alpn_h2[] = {2, 'h', '2'};

/* Select "h2" from the client's list; anything else fails the handshake. */
static int alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen, const unsigned char *in,
                       unsigned int inlen, void *arg)
{
	unsigned char *sel = NULL;
	if (SSL_select_next_proto(&sel, outlen, alpn_h2, sizeof(alpn_h2), in, inlen) !=
	    OPENSSL_NPN_NEGOTIATED)
		return SSL_TLSEXT_ERR_ALERT_FATAL;
	*out = sel;
	return SSL_TLSEXT_ERR_OK;
}

/* A client that sends no ALPN extension at all never reaches alpn_select;
 * refuse it here so it gets a no_application_protocol alert. */
static int client_hello(SSL *ssl, int *al, void *arg)
{
	const unsigned char *ext;
	size_t len;
	if (!SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_application_layer_protocol_negotiation, &ext, &len)) {
		*al = SSL_AD_NO_APPLICATION_PROTOCOL;
		return SSL_CLIENT_HELLO_ERROR;
	}
	return SSL_CLIENT_HELLO_SUCCESS;
}

int tls_ctx_new_server(const config *cfg, struct tls_ctx **out, char *err, size_t errlen)
{
	struct tls_ctx *t = NULL;
	SSL_CTX *c = NULL;
	const char *what = "context";

	*out = NULL;
	ERR_clear_error();
	pthread_once(&bio_once, bio_method_init);
	if (!bio_method) goto fail;
	t = calloc(1, sizeof(*t));
	if (!t) goto fail;
	c = SSL_CTX_new(TLS_server_method());
	if (!c) goto fail;
	if (!SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION)) goto fail;
	SSL_CTX_set_options(c, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
	                           SSL_OP_NO_COMPRESSION);
	/* Idle connections keep no record buffers; no server-side session cache
	 * (TLS 1.3 tickets are stateless). */
	SSL_CTX_set_mode(c, SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_num_tickets(c, 1);
	what = cfg->tls_cert;
	if (SSL_CTX_use_certificate_chain_file(c, cfg->tls_cert) != 1) goto fail;
	what = cfg->tls_key;
	if (SSL_CTX_use_PrivateKey_file(c, cfg->tls_key, SSL_FILETYPE_PEM) != 1) goto fail;
	if (SSL_CTX_check_private_key(c) != 1) goto fail;
	if (cfg->tls_client_ca[0]) {
		what = cfg->tls_client_ca;
		if (SSL_CTX_load_verify_locations(c, cfg->tls_client_ca, NULL) != 1) goto fail;
		STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(cfg->tls_client_ca);
		if (!names) goto fail;
		SSL_CTX_set_client_CA_list(c, names);
		SSL_CTX_set_verify(c, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	}
	SSL_CTX_set_alpn_select_cb(c, alpn_select, NULL);
	SSL_CTX_set_client_hello_cb(c, client_hello, NULL);
	t->ssl_ctx = c;
	atomic_init(&t->refs, 1);
	*out = t;
	return 0;
fail:
	set_last_error("out of memory");
	snprintf(err, errlen, "tls: %s: %s", what, last_error);
	SSL_CTX_free(c);
	free(t);
	return -1;
}

void tls_ctx_ref(struct tls_ctx *ctx)
{
	atomic_fetch_add_explicit(&ctx->refs, 1, memory_order_relaxed);
}

void tls_ctx_unref(struct tls_ctx *ctx)
{
	if (!ctx) return;
	if (atomic_fetch_sub_explicit(&ctx->refs, 1, memory_order_acq_rel) == 1) {
		SSL_CTX_free(ctx->ssl_ctx);
		free(ctx);
	}
}

SSL_CTX *tls_ctx_ssl_ctx(struct tls_ctx *ctx)
{
	return ctx->ssl_ctx;
}

/* ---- session ------------------------------------------------------------ */

int tls_session_init(tls_session *s, struct tls_ctx *ctx, buf *out)
{
	BIO *rb = NULL, *wb = NULL;

	memset(s, 0, sizeof(*s));
	s->out = out;
	s->ssl = SSL_new(ctx->ssl_ctx);
	if (!s->ssl) goto fail;
	rb = BIO_new(bio_method);
	wb = BIO_new(bio_method);
	if (!rb || !wb) goto fail;
	BIO_set_data(rb, s);
	BIO_set_data(wb, s);
	SSL_set_bio(s->ssl, rb, wb); /* the SSL owns both BIOs from here */
	SSL_set_accept_state(s->ssl);
	tls_ctx_ref(ctx);
	s->ctx = ctx;
	return 0;
fail:
	BIO_free(rb);
	BIO_free(wb);
	SSL_free(s->ssl);
	s->ssl = NULL;
	ERR_clear_error();
	return TLS_E_NOMEM;
}

void tls_session_free(tls_session *s)
{
	if (s->ssl) SSL_free(s->ssl);
	s->ssl = NULL;
	tls_ctx_unref(s->ctx);
	s->ctx = NULL;
}

/* Map an SSL_get_error result after a failed call; SSL_WANT = wait for more input. */
#define SSL_WANT 2
static int ssl_result(tls_session *s, int r, int handshake)
{
	int e = SSL_get_error(s->ssl, r);
	if (s->failed) return TLS_E_NOMEM;
	switch (e) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		return SSL_WANT;
	case SSL_ERROR_ZERO_RETURN:
		return TLS_CLOSED;
	default:
		set_last_error(handshake ? "handshake failed" : "protocol error");
		return handshake ? TLS_E_HANDSHAKE : TLS_E_PROTO;
	}
}

int tls_session_feed(tls_session *s, const uint8_t *p, size_t n, tls_plain_fn cb, void *ud)
{
	int rc = TLS_OK;

	s->in = p;
	s->in_len = n;
	if (!s->handshake_done) {
		int r = SSL_do_handshake(s->ssl);
		if (r != 1) {
			rc = ssl_result(s, r, 1);
			if (rc == SSL_WANT)
				rc = TLS_OK;
			else if (rc == TLS_CLOSED)
				rc = TLS_E_HANDSHAKE;
			goto out;
		}
		const unsigned char *proto = NULL;
		unsigned plen = 0;
		SSL_get0_alpn_selected(s->ssl, &proto, &plen);
		if (plen != 2 || memcmp(proto, "h2", 2) != 0) {
			snprintf(last_error, sizeof(last_error), "no ALPN h2");
			rc = TLS_E_HANDSHAKE;
			goto out;
		}
		s->handshake_done = 1;
	}
	for (;;) {
		size_t got = 0;
		int r = 0;
		/* Gather several records before handing them up. */
		while (got + TLS_MAX_RECORD <= sizeof(plain_buf)) {
			size_t k = 0;
			r = SSL_read_ex(s->ssl, plain_buf + got, sizeof(plain_buf) - got, &k);
			if (!r) break;
			got += k;
		}
		if (got && cb(ud, plain_buf, got) != 0) {
			rc = TLS_E_CALLBACK;
			goto out;
		}
		if (r) continue; /* buffer filled up: read on */
		rc = ssl_result(s, r, 0);
		if (rc == SSL_WANT) rc = TLS_OK;
		break;
	}
out:
	s->in = NULL;
	s->in_len = 0;
	if (rc < 0) ERR_clear_error();
	return rc;
}

int tls_session_write(tls_session *s, const uint8_t *p, size_t n)
{
	if (!s->handshake_done) return TLS_E_PROTO;
	while (n > 0) {
		size_t chunk = n < TLS_MAX_RECORD ? n : TLS_MAX_RECORD;
		size_t w = 0;
		if (!SSL_write_ex(s->ssl, p, chunk, &w)) {
			int rc = ssl_result(s, 0, 0);
			ERR_clear_error();
			return rc < 0 ? rc : TLS_E_PROTO;
		}
		p += w;
		n -= w;
	}
	return s->failed ? TLS_E_NOMEM : 0;
}

void tls_session_shutdown(tls_session *s)
{
	if (s->ssl && s->handshake_done) {
		(void)SSL_shutdown(s->ssl);
		ERR_clear_error();
	}
}
