/* tls: server-side TLS for passendd on OpenSSL 3. libuv owns the socket, so a
 * session never touches a file descriptor: ciphertext is fed in from read
 * callbacks and comes out into a caller-owned buf (custom in-memory BIOs, no
 * intermediate copies). A tls_ctx holds the certificate and settings; it is
 * refcounted so SIGHUP can install a new one while old connections finish. */
#ifndef PASSEND_TLS_H
#define PASSEND_TLS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"

struct tls_ctx;
typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

/* Build a server context from cfg (tls_cert, tls_key, optional tls_client_ca
 * for mTLS): TLS >= 1.2, ALPN "h2" required, small idle footprint. On success
 * *out holds one reference (release with tls_ctx_unref) and 0 is returned;
 * otherwise -1 with a message naming the file and the OpenSSL reason in err. */
__attribute__((warn_unused_result)) int tls_ctx_new_server(const config *cfg, struct tls_ctx **out, char *err,
                                                           size_t errlen);
/* Take one more reference (thread-safe). */
void tls_ctx_ref(struct tls_ctx *ctx);
/* Drop a reference; the context is freed with the last one. NULL is ignored. */
void tls_ctx_unref(struct tls_ctx *ctx);
/* The OpenSSL context inside (borrowed; for tests and diagnostics). */
SSL_CTX *tls_ctx_ssl_ctx(struct tls_ctx *ctx);

enum tls_result {
	TLS_OK = 0,           /* all input consumed; more may come */
	TLS_CLOSED = 1,       /* the peer sent close_notify */
	TLS_E_HANDSHAKE = -1, /* handshake failed (protocol, version, ALPN, certificate) */
	TLS_E_PROTO = -2,     /* bad record or other fatal TLS error after the handshake */
	TLS_E_NOMEM = -3,
	TLS_E_CALLBACK = -4, /* the plaintext callback returned an error */
};

/* One connection's TLS state. Embed it in the owner; fields are private. */
typedef struct tls_session {
	SSL *ssl;
	struct tls_ctx *ctx; /* one reference, dropped by tls_session_free */
	const uint8_t *in;   /* ciphertext being fed (read BIO source) */
	size_t in_len;
	buf *out; /* ciphertext sink (write BIO), owned by the caller */
	int handshake_done;
	int failed; /* a write to `out` failed (out of memory) */
} tls_session;

/* Plaintext delivery: return 0 to continue, negative to stop with TLS_E_CALLBACK. */
typedef int (*tls_plain_fn)(void *ud, const uint8_t *p, size_t n);

/* Start a server session on ctx (takes a reference) writing ciphertext into
 * `out` (caller-owned, must outlive the session). Returns 0 or TLS_E_NOMEM. */
__attribute__((warn_unused_result)) int tls_session_init(tls_session *s, struct tls_ctx *ctx, buf *out);
/* Release the session and its context reference. Safe on a zeroed session. */
void tls_session_free(tls_session *s);
/* Feed n bytes of ciphertext: drives the handshake, then decrypts and passes
 * plaintext to cb in chunks as large as possible (several records at once).
 * Handshake messages and alerts (also the alert of a failed handshake) are
 * appended to `out`, which the caller should still send before closing.
 * Returns TLS_OK, TLS_CLOSED or a negative enum tls_result. */
__attribute__((warn_unused_result)) int tls_session_feed(tls_session *s, const uint8_t *p, size_t n,
                                                         tls_plain_fn cb, void *ud);
/* Encrypt n bytes of plaintext into `out`, in records of up to 16 KiB (so one
 * record carries many HTTP/2 frames). Only after the handshake is done.
 * Returns 0 or a negative enum tls_result. */
__attribute__((warn_unused_result)) int tls_session_write(tls_session *s, const uint8_t *p, size_t n);
/* Queue a close_notify alert into `out`. */
void tls_session_shutdown(tls_session *s);
/* Non-zero once the handshake has completed (with ALPN h2 negotiated). */
static inline int tls_session_ready(const tls_session *s)
{
	return s->handshake_done;
}
/* Short reason of the last failure on this thread ("unsupported protocol"),
 * for debug logs; never NULL. */
const char *tls_last_error(void);

#endif
