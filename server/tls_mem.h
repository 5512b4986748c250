/* tls_mem: OpenSSL's memory functions with a small per-thread cache of
 * record-buffer-sized blocks. With SSL_MODE_RELEASE_BUFFERS (tls.c: idle
 * connections keep no buffers) OpenSSL allocates and frees a ~17 KB read and
 * write buffer around every record, and glibc's malloc serves blocks that
 * size from its slow path; the cache turns those into a push and a pop. */
#ifndef PASSEND_TLS_MEM_H
#define PASSEND_TLS_MEM_H

/* Install the functions (CRYPTO_set_mem_functions). Must run before OpenSSL
 * allocates anything (first thing in main); returns 0, or -1 when OpenSSL
 * refused (it had allocated already: everything works, without the cache). */
int tls_mem_install(void);
/* Free the calling thread's cached blocks (exiting threads do it themselves;
 * installed with atexit for the main thread). */
void tls_mem_release(void);

#endif
