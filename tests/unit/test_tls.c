/* test_tls: server TLS sessions driven through memory BIOs against an
 * OpenSSL client, no sockets: handshake and data both ways, ALPN required,
 * TLS 1.1 refused, mTLS, garbage input, bad certificate paths. */
#include "unit.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tls.h"

static char dir[] = "/tmp/passend-test-tls-XXXXXX";
static char cert_path[256], key_path[256];

/* A self-signed P-256 certificate for "localhost" (also usable as client CA). */
static int make_cert(void)
{
	EVP_PKEY *pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *x = X509_new();
	if (!pk || !x) return -1;
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), -60);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, pk);
	X509_NAME *n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1, 0);
	X509_set_issuer_name(x, n);
	X509V3_CTX v3;
	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints, "critical,CA:TRUE");
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	X509_sign(x, pk, EVP_sha256());
	snprintf(cert_path, sizeof(cert_path), "%s/cert.pem", dir);
	snprintf(key_path, sizeof(key_path), "%s/key.pem", dir);
	FILE *f = fopen(cert_path, "w");
	PEM_write_X509(f, x);
	fclose(f);
	f = fopen(key_path, "w");
	PEM_write_PrivateKey(f, pk, NULL, NULL, 0, NULL, NULL);
	fclose(f);
	X509_free(x);
	EVP_PKEY_free(pk);
	return 0;
}

static int group_setup(void **state)
{
	if (!mkdtemp(dir)) return -1;
	return make_cert();
}

static int group_teardown(void **state)
{
	unlink(cert_path);
	unlink(key_path);
	rmdir(dir);
	return 0;
}

/* ---- a client on memory BIOs and the pump between it and the server ---- */

typedef struct pair {
	struct tls_ctx *sctx;
	tls_session srv;
	buf srv_out;
	SSL_CTX *cctx;
	SSL *cli;
	BIO *c_in, *c_out; /* client's read / write BIOs (we move bytes) */
	buf plain;         /* plaintext the server delivered */
	int srv_rc;        /* last tls_session_feed result */
} pair;

static int on_plain(void *ud, const uint8_t *p, size_t n)
{
	pair *t = ud;
	return buf_append(&t->plain, p, n);
}

static void pair_init(pair *t, const config *cfg, const char *alpn, size_t alpn_len)
{
	char err[256];
	memset(t, 0, sizeof(*t));
	assert_int_equal(tls_ctx_new_server(cfg, &t->sctx, err, sizeof(err)), 0);
	assert_int_equal(tls_session_init(&t->srv, t->sctx, &t->srv_out), 0);
	t->cctx = SSL_CTX_new(TLS_client_method());
	assert_non_null(t->cctx);
	if (alpn)
		assert_int_equal(
		    SSL_CTX_set_alpn_protos(t->cctx, (const unsigned char *)alpn, (unsigned)alpn_len), 0);
	t->cli = SSL_new(t->cctx);
	t->c_in = BIO_new(BIO_s_mem());
	t->c_out = BIO_new(BIO_s_mem());
	SSL_set_bio(t->cli, t->c_in, t->c_out);
	SSL_set_connect_state(t->cli);
}

static void pair_free(pair *t)
{
	SSL_free(t->cli);
	SSL_CTX_free(t->cctx);
	tls_session_free(&t->srv);
	tls_ctx_unref(t->sctx);
	buf_free(&t->srv_out);
	buf_free(&t->plain);
	ERR_clear_error();
}

/* Move bytes both ways until nothing moves. */
static void pump(pair *t)
{
	char tmp[8192];
	for (int i = 0; i < 1000; i++) {
		int moved = 0, n;
		while ((n = BIO_read(t->c_out, tmp, sizeof(tmp))) > 0) {
			moved = 1;
			t->srv_rc = tls_session_feed(&t->srv, (const uint8_t *)tmp, (size_t)n, on_plain, t);
		}
		if (buf_avail(&t->srv_out)) {
			moved = 1;
			BIO_write(t->c_in, buf_rptr(&t->srv_out), (int)buf_avail(&t->srv_out));
			buf_reset(&t->srv_out);
		}
		if (!SSL_is_init_finished(t->cli)) {
			(void)SSL_do_handshake(t->cli);
			if (BIO_ctrl_pending(t->c_out)) moved = 1;
		}
		if (!moved) return;
	}
	fail_msg("pump did not settle");
}

static void cfg_server(config *cfg)
{
	config_defaults(cfg);
	snprintf(cfg->tls_cert, sizeof(cfg->tls_cert), "%s", cert_path);
	snprintf(cfg->tls_key, sizeof(cfg->tls_key), "%s", key_path);
}

/* A pair with the server's default configuration and the client offering
 * alpn (NULL: no ALPN). */
static void pair_start(pair *t, const char *alpn, size_t alpn_len)
{
	config cfg;
	cfg_server(&cfg);
	pair_init(t, &cfg, alpn, alpn_len);
}

static void test_handshake_and_data(void **state)
{
	pair t;
	pair_start(&t, "\x02h2", 3);
	pump(&t);
	assert_int_equal(t.srv_rc, TLS_OK);
	assert_true(SSL_is_init_finished(t.cli));
	assert_true(tls_session_ready(&t.srv));
	const unsigned char *proto;
	unsigned plen;
	SSL_get0_alpn_selected(t.cli, &proto, &plen);
	assert_int_equal(plen, 2);
	assert_memory_equal(proto, "h2", 2);
	assert_true(SSL_version(t.cli) >= TLS1_2_VERSION);

	/* client -> server: 100 KB crosses several records */
	size_t big = 100000;
	uint8_t *data = malloc(big);
	for (size_t i = 0; i < big; i++)
		data[i] = (uint8_t)(i * 7);
	size_t w;
	assert_int_equal(SSL_write_ex(t.cli, data, big, &w), 1);
	pump(&t);
	assert_int_equal(t.srv_rc, TLS_OK);
	assert_int_equal(buf_avail(&t.plain), big);
	assert_memory_equal(buf_rptr(&t.plain), data, big);

	/* server -> client */
	assert_int_equal(tls_session_write(&t.srv, data, big), 0);
	pump(&t);
	uint8_t *got = malloc(big);
	size_t have = 0, r;
	while (have < big && SSL_read_ex(t.cli, got + have, big - have, &r))
		have += r;
	assert_int_equal(have, big);
	assert_memory_equal(got, data, big);

	/* close_notify from the client -> TLS_CLOSED */
	SSL_shutdown(t.cli);
	pump(&t);
	assert_int_equal(t.srv_rc, TLS_CLOSED);
	free(data);
	free(got);
	pair_free(&t);
}

/* Handshakes the server refuses: without ALPN, with another protocol than
 * h2, with TLS 1.1. */
static void test_handshakes_refused(void **state)
{
	static const struct {
		const char *name, *alpn;
		size_t alpn_len;
		int tls11;
	} cases[] = {
	    {"no ALPN", NULL, 0, 0}, {"http/1.1 only", "\x08http/1.1", 9, 0}, {"TLS 1.1", "\x02h2", 3, 1}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pair t;
		pair_start(&t, cases[i].alpn, cases[i].alpn_len);
		if (cases[i].tls11) {
			/* Let the client try TLS 1.1 at all (OpenSSL 3 forbids it by default). */
			SSL_set_security_level(t.cli, 0);
			SSL_set_min_proto_version(t.cli, TLS1_VERSION);
			SSL_set_max_proto_version(t.cli, TLS1_1_VERSION);
		}
		pump(&t);
		if (t.srv_rc != TLS_E_HANDSHAKE) fail_msg("%s: the server says %d", cases[i].name, t.srv_rc);
		if (tls_session_ready(&t.srv)) fail_msg("%s: the server session is ready", cases[i].name);
		if (SSL_is_init_finished(t.cli))
			fail_msg("%s: the client finished the handshake", cases[i].name);
		pair_free(&t);
	}
}

static void test_garbage_refused(void **state)
{
	pair t;
	pair_start(&t, "\x02h2", 3);
	const char *req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	int rc = tls_session_feed(&t.srv, (const uint8_t *)req, strlen(req), on_plain, &t);
	assert_int_equal(rc, TLS_E_HANDSHAKE);
	assert_int_equal(buf_avail(&t.plain), 0);
	pair_free(&t);
}

static void test_mtls(void **state)
{
	config cfg;
	pair t;
	cfg_server(&cfg);
	snprintf(cfg.tls_client_ca, sizeof(cfg.tls_client_ca), "%s", cert_path);

	/* without a client certificate */
	pair_init(&t, &cfg, "\x02h2", 3);
	pump(&t);
	assert_int_equal(t.srv_rc, TLS_E_HANDSHAKE);
	pair_free(&t);

	/* with a certificate the CA file trusts */
	pair_init(&t, &cfg, "\x02h2", 3);
	assert_int_equal(SSL_use_certificate_chain_file(t.cli, cert_path), 1);
	assert_int_equal(SSL_use_PrivateKey_file(t.cli, key_path, SSL_FILETYPE_PEM), 1);
	pump(&t);
	assert_int_equal(t.srv_rc, TLS_OK);
	assert_true(tls_session_ready(&t.srv));
	pair_free(&t);
}

static void test_ctx_errors_and_refs(void **state)
{
	config cfg;
	char err[256] = "";
	struct tls_ctx *ctx = NULL;
	cfg_server(&cfg);
	snprintf(cfg.tls_cert, sizeof(cfg.tls_cert), "%s/missing.pem", dir);
	assert_int_equal(tls_ctx_new_server(&cfg, &ctx, err, sizeof(err)), -1);
	assert_null(ctx);
	assert_non_null(strstr(err, "missing.pem"));

	/* key that does not match: use the cert file as key */
	cfg_server(&cfg);
	snprintf(cfg.tls_key, sizeof(cfg.tls_key), "%s", cert_path);
	assert_int_equal(tls_ctx_new_server(&cfg, &ctx, err, sizeof(err)), -1);

	/* a session keeps its context alive after the creator drops it */
	cfg_server(&cfg);
	assert_int_equal(tls_ctx_new_server(&cfg, &ctx, err, sizeof(err)), 0);
	tls_ctx_ref(ctx);
	tls_ctx_unref(ctx);
	buf out = {0};
	tls_session s;
	assert_int_equal(tls_session_init(&s, ctx, &out), 0);
	tls_ctx_unref(ctx);
	assert_non_null(tls_ctx_ssl_ctx(s.ctx));
	tls_session_free(&s);
	buf_free(&out);
}

UNIT_MAIN(group_setup, group_teardown, cmocka_unit_test(test_handshake_and_data),
          cmocka_unit_test(test_handshakes_refused), cmocka_unit_test(test_garbage_refused),
          cmocka_unit_test(test_mtls), cmocka_unit_test(test_ctx_errors_and_refs))
