/* tls_mem: OpenSSL allocations through malloc, with blocks of record-buffer
 * size (TLS_MEM_MIN < size <= TLS_MEM_BLOCK) kept on a per-thread stack of
 * at most TLS_MEM_KEEP when freed, and handed out again by the next
 * allocation of that size on the thread. Other sizes go straight to malloc. */
#include "tls_mem.h"

#include <malloc.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <stdlib.h>

#define TLS_MEM_MIN   8192u  /* smaller: glibc's fast paths are cheap enough */
#define TLS_MEM_BLOCK 20480u /* a TLS record buffer (16 KiB + overhead) fits */
#define TLS_MEM_KEEP  16     /* per thread: at most 320 KiB held */

static __thread void *cache[TLS_MEM_KEEP];
static __thread int ncached;
static pthread_key_t exit_key; /* its destructor empties an exiting thread's cache */
static int have_key;

static void cache_drop(void *arg)
{
	(void)arg;
	while (ncached > 0)
		free(cache[--ncached]);
}

static void *mem_malloc(size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	if (n <= TLS_MEM_MIN || n > TLS_MEM_BLOCK) return malloc(n);
	if (ncached > 0) return cache[--ncached];
	return malloc(TLS_MEM_BLOCK);
}

static void mem_free(void *p, const char *file, int line)
{
	(void)file;
	(void)line;
	if (!p) return;
	/* a block of the class is TLS_MEM_BLOCK bytes (or a little more: glibc
	 * rounds up); a block realloc'ed to another size is not kept */
	size_t u = malloc_usable_size(p);
	if (u >= TLS_MEM_BLOCK && u < TLS_MEM_BLOCK + 64 && ncached < TLS_MEM_KEEP && have_key) {
		if (ncached == 0) pthread_setspecific(exit_key, cache); /* non-NULL: run the destructor */
		cache[ncached++] = p;
		return;
	}
	free(p);
}

static void *mem_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	/* a cached-class block is an ordinary malloc block: realloc works on it */
	return realloc(p, n);
}

int tls_mem_install(void)
{
	have_key = pthread_key_create(&exit_key, cache_drop) == 0;
	if (have_key) atexit(tls_mem_release);
	return CRYPTO_set_mem_functions(mem_malloc, mem_realloc, mem_free) ? 0 : -1;
}

void tls_mem_release(void)
{
	cache_drop(NULL);
}
