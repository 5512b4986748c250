/* Unit tests for common/buf: appending, printf, consuming, growth (doubling,
 * reuse of the consumed front) and every failure path (size overflow, realloc
 * and malloc failure, a format vsnprintf refuses). Allocation failures are
 * injected by linking with -Wl,--wrap=malloc,--wrap=realloc (tests/unit/CMakeLists.txt). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include "unit.h"

#include "buf.h"

/* ---- allocation failure injection ------------------------------------------ */
void *__real_malloc(size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_realloc(void *p, size_t n);

static int fail_allocs; /* the next this many allocations fail */
static int alloc_calls; /* allocations asked for since the last reset */

void *__wrap_malloc(size_t n)
{
	alloc_calls++;
	if (fail_allocs > 0) {
		fail_allocs--;
		return NULL;
	}
	return __real_malloc(n);
}

void *__wrap_realloc(void *p, size_t n)
{
	alloc_calls++;
	if (fail_allocs > 0) {
		fail_allocs--;
		return NULL;
	}
	return __real_realloc(p, n);
}

/* Every test starts with no allocation failures to come, the count at 0
 * and an empty buf (*state), which it need not free. */
static buf fixture;

static int setup(void **state)
{
	fail_allocs = 0;
	alloc_calls = 0;
	memset(&fixture, 0, sizeof(fixture));
	*state = &fixture;
	return 0;
}

static int teardown(void **state)
{
	buf_free(*state);
	return 0;
}

/* b holds exactly the unread bytes `want` (n of them) */
static void assert_unread(const buf *b, const void *want, size_t n)
{
	assert_int_equal(buf_avail(b), n);
	if (n) assert_memory_equal(buf_rptr(b), want, n);
}

/* b holds nothing and its cursor is back at the start */
static void assert_empty(const buf *b)
{
	assert_int_equal(buf_avail(b), 0);
	assert_int_equal(b->off, 0);
	assert_int_equal(b->len, 0);
}

/* ---- tests ------------------------------------------------------------------ */
static void test_zeroed_is_empty(void **state)
{
	buf *b = *state;
	assert_int_equal(buf_avail(b), 0);
	char *s = buf_strdup(b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	buf_consume(b, 5); /* consuming from an empty buf keeps it empty */
	assert_empty(b);
	buf_reset(b);
	buf_free(b);
	buf_free(b); /* twice is fine */
	assert_null(b->data);
	assert_int_equal(alloc_calls, 1); /* only buf_strdup's copy */
}

static void test_append(void **state)
{
	buf *b = *state;
	assert_int_equal(buf_append(b, "", 0), 0);
	assert_null(b->data); /* nothing to append allocates nothing */
	assert_int_equal(buf_append(b, "abc", 3), 0);
	assert_int_equal(buf_append(b, "\0de", 3), 0); /* bytes, not strings */
	assert_unread(b, "abc\0de", 6);
	assert_int_equal(b->cap, 256); /* first allocation */
	assert_int_equal(alloc_calls, 1);
	buf_free(b);
	assert_null(b->data);
	assert_int_equal(b->len + b->off + b->cap, 0);
}

static void test_growth_doubles_and_keeps_content(void **state)
{
	buf *b = *state;
	uint8_t chunk[100];
	size_t total = 0;
	for (int i = 0; i < 30; i++) { /* 3000 bytes: 256 -> 512 -> 1024 -> 2048 -> 4096 */
		memset(chunk, 'a' + i % 26, sizeof chunk);
		assert_int_equal(buf_append(b, chunk, sizeof chunk), 0);
		total += sizeof chunk;
		assert_true(b->cap >= b->len);
	}
	assert_int_equal(b->len, total);
	assert_int_equal(b->cap, 4096);
	assert_int_equal(alloc_calls, 5);
	for (size_t i = 0; i < total; i++)
		assert_int_equal(b->data[i], 'a' + (int)(i / 100) % 26);
	/* one append larger than twice the capacity grows in one step */
	uint8_t *big = calloc(1, 20000);
	assert_non_null(big);
	assert_int_equal(buf_append(b, big, 20000), 0);
	assert_int_equal(b->cap, 32768);
	assert_int_equal(b->len, total + 20000);
	free(big);
}

static void test_reserve(void **state)
{
	buf *b = *state;
	assert_int_equal(buf_reserve(b, 0), 0); /* nothing needed, nothing allocated */
	assert_null(b->data);
	assert_int_equal(buf_reserve(b, 1000), 0);
	assert_int_equal(b->cap, 1024);
	assert_int_equal(b->len, 0);
	uint8_t *before = b->data;
	assert_int_equal(buf_reserve(b, 1024), 0); /* fits: no realloc */
	assert_ptr_equal(b->data, before);
	assert_int_equal(b->cap, 1024);
	assert_int_equal(alloc_calls, 1);
}

static void test_reserve_reuses_consumed_front(void **state)
{
	buf *b = *state;
	uint8_t bytes[256];
	for (size_t i = 0; i < sizeof bytes; i++)
		bytes[i] = (uint8_t)i;
	assert_int_equal(buf_append(b, bytes, sizeof bytes), 0); /* full: 256 of 256 */
	buf_consume(b, 200);
	assert_int_equal(b->off, 200);
	assert_unread(b, bytes + 200, 56);
	/* 100 more fit once the consumed 200 are reclaimed: the tail moves, no realloc */
	assert_int_equal(buf_append(b, bytes, 100), 0);
	assert_int_equal(b->cap, 256);
	assert_int_equal(b->off, 0);
	assert_int_equal(alloc_calls, 1);
	uint8_t want[156];
	memcpy(want, bytes + 200, 56);
	memcpy(want + 56, bytes, 100);
	assert_unread(b, want, sizeof want);
	/* more than the reclaimable room grows instead */
	buf_consume(b, 6);
	assert_int_equal(buf_append(b, bytes, 200), 0);
	assert_int_equal(b->cap, 512);
	assert_int_equal(alloc_calls, 2);
	assert_int_equal(buf_avail(b), 350);
	assert_memory_equal(buf_rptr(b), want + 6, 150);
	assert_memory_equal(buf_rptr(b) + 150, bytes, 200);
}

static void test_reserve_size_overflow(void **state)
{
	buf *b = *state;
	assert_int_equal(buf_append(b, "xyz", 3), 0);
	buf saved = *b;
	/* len + extra wraps around */
	assert_int_equal(buf_reserve(b, SIZE_MAX), -1);
	assert_int_equal(buf_reserve(b, SIZE_MAX - 1), -1);
	/* no wrap, but doubling the capacity would overflow */
	assert_int_equal(buf_reserve(b, SIZE_MAX / 2 + 2), -1);
	assert_int_equal(buf_append(b, "x", SIZE_MAX), -1);
	assert_memory_equal(b, &saved, sizeof *b); /* unchanged */
	assert_unread(b, "xyz", 3);
	assert_int_equal(alloc_calls, 1); /* the failures asked for no memory */
	buf empty = {0};
	assert_int_equal(buf_reserve(&empty, SIZE_MAX), -1);
	assert_null(empty.data);
}

static void test_append_out_of_memory(void **state)
{
	buf *b = *state;
	fail_allocs = 1;
	assert_int_equal(buf_append(b, "abc", 3), -1); /* first allocation fails */
	assert_null(b->data);
	assert_int_equal(b->len + b->cap, 0);
	assert_int_equal(buf_append(b, "abc", 3), 0); /* and the next succeeds */
	uint8_t big[300] = {0};
	buf saved = *b;
	fail_allocs = 1;
	assert_int_equal(buf_append(b, big, sizeof big), -1); /* growth fails */
	assert_memory_equal(b, &saved, sizeof *b);            /* b unchanged */
	assert_unread(b, "abc", 3);
	assert_int_equal(buf_reserve(b, sizeof big), 0);
	assert_int_equal(b->cap, 512);
	assert_unread(b, "abc", 3);
}

static void test_printf(void **state)
{
	buf *b = *state;
	assert_int_equal(buf_printf(b, "%s=%d", "n", 42), 0);
	assert_int_equal(b->len, 4); /* the NUL is not counted */
	assert_int_equal(buf_printf(b, "%s", ""), 0);
	assert_int_equal(buf_printf(b, ";%05.1f|%-3s|", 2.5, "x"), 0);
	assert_unread(b, "n=42;002.5|x  |", 15);
	/* text that needs growth: a 300-char field after the 15 bytes */
	assert_int_equal(buf_printf(b, "%300s", "end"), 0);
	assert_int_equal(b->len, 315);
	assert_int_equal(b->cap, 512);
	assert_memory_equal(buf_rptr(b) + 312, "end", 3);
	char *s = buf_strdup(b);
	assert_non_null(s);
	assert_int_equal(strlen(s), 315);
	free(s);
}

static void test_printf_exact_fit(void **state)
{
	buf *b = *state;
	char line[255];
	memset(line, 'q', sizeof line);
	/* 255 chars + NUL fill the first 256 exactly: no growth */
	assert_int_equal(buf_printf(b, "%.*s", (int)sizeof line, line), 0);
	assert_int_equal(b->len, 255);
	assert_int_equal(b->cap, 256);
	assert_int_equal(b->data[255], '\0');
	/* one more byte of text needs room for its NUL too */
	assert_int_equal(buf_printf(b, "r"), 0);
	assert_int_equal(b->cap, 512);
	assert_int_equal(b->len, 256);
	assert_int_equal(b->data[255], 'r');
}

static void test_printf_failures(void **state)
{
	buf *b = *state;
	assert_int_equal(buf_printf(b, "%s", "kept"), 0);
	buf saved = *b;
	/* growth fails */
	fail_allocs = 1;
	assert_int_equal(buf_printf(b, "%400d", 7), -1);
	assert_memory_equal(b, &saved, sizeof *b);
	/* vsnprintf refuses: a wide character the "C" locale cannot encode */
	assert_int_equal(buf_printf(b, "%ls", L"\x20ac"), -1);
	assert_memory_equal(b, &saved, sizeof *b);
	assert_unread(b, "kept", 4);
}

static void test_consume(void **state)
{
	buf *b = *state;
	assert_int_equal(buf_append(b, "0123456789", 10), 0);
	buf_consume(b, 0);
	assert_unread(b, "0123456789", 10);
	buf_consume(b, 3);
	assert_unread(b, "3456789", 7);
	assert_int_equal(b->off, 3);
	buf_consume(b, 7); /* all consumed: back to the start */
	assert_empty(b);
	assert_int_equal(buf_append(b, "ab", 2), 0);
	buf_consume(b, 100); /* more than there is: empty */
	assert_empty(b);
	assert_int_equal(b->cap, 256); /* the memory stays */
}

static void test_reset_keeps_capacity(void **state)
{
	buf *b = *state;
	uint8_t big[600] = {0};
	assert_int_equal(buf_append(b, big, sizeof big), 0);
	buf_consume(b, 10);
	uint8_t *mem = b->data;
	buf_reset(b);
	assert_empty(b);
	assert_int_equal(b->cap, 1024);
	assert_ptr_equal(b->data, mem);
	assert_int_equal(buf_append(b, "again", 5), 0);
	assert_ptr_equal(b->data, mem);
	assert_int_equal(alloc_calls, 1);
	assert_unread(b, "again", 5);
	buf_free(b);
	/* a freed buf is a zeroed buf: usable again */
	assert_int_equal(buf_append(b, "new", 3), 0);
	assert_unread(b, "new", 3);
}

static void test_strdup(void **state)
{
	buf *b = *state;
	assert_int_equal(buf_append(b, "header:body", 11), 0);
	buf_consume(b, 7);
	char *s = buf_strdup(b); /* only the unread bytes, NUL-terminated */
	assert_non_null(s);
	assert_string_equal(s, "body");
	assert_ptr_not_equal(s, (char *)b->data + 7);
	free(s);
	assert_unread(b, "body", 4); /* b untouched */
	fail_allocs = 1;
	assert_null(buf_strdup(b));
	assert_unread(b, "body", 4);
}

/* A scratch file holding n bytes of data; its path in out. */
static void write_scratch(char out[64], const char *data, size_t n)
{
	snprintf(out, 64, "/tmp/passend-test-buf-%ld", (long)getpid());
	FILE *f = fopen(out, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void test_read_file(void **state)
{
	buf *b = *state;
	char path[64];
	static char big[200000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	write_scratch(path, big, sizeof big); /* larger than one read */
	assert_int_equal(buf_read_file(b, path, 0), 0);
	assert_unread(b, big, sizeof big);
	assert_int_equal(b->data[b->len], '\0'); /* a C string, the NUL not counted */
	buf_reset(b);
	errno = 0;
	assert_int_equal(buf_read_file(b, path, sizeof big - 1), -1); /* over max */
	assert_int_equal(errno, EFBIG);
	buf_reset(b);
	assert_int_equal(buf_read_file(b, path, sizeof big), 0); /* exactly max */
	buf_reset(b);
	write_scratch(path, "", 0);
	assert_int_equal(buf_read_file(b, path, 0), 0);
	assert_int_equal(b->len, 0);
	assert_non_null(b->data);
	assert_int_equal(b->data[0], '\0');
	unlink(path);
	errno = 0;
	assert_int_equal(buf_read_file(b, path, 0), -1); /* no such file */
	assert_int_equal(errno, ENOENT);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
UNIT_MAIN(NULL, NULL, T(test_zeroed_is_empty), T(test_append), T(test_growth_doubles_and_keeps_content),
          T(test_reserve), T(test_reserve_reuses_consumed_front), T(test_reserve_size_overflow),
          T(test_append_out_of_memory), T(test_printf), T(test_printf_exact_fit), T(test_printf_failures),
          T(test_consume), T(test_reset_keeps_capacity), T(test_strdup), T(test_read_file))
