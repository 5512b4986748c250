/* util: the small helpers every module of both sides uses, in one place:
 * container_of (recover an owner from an embedded libuv handle, ARCHITECTURE
 * §10.4), the clocks (monotonic for timeouts and caches, wall clock for
 * what people and the database read) and trimming a message. Header only. */
#ifndef PASSEND_UTIL_H
#define PASSEND_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

/* The struct of type `type` whose member `member` ptr points to. */
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

/* Milliseconds on the monotonic clock (not related to the calendar: only
 * differences mean something). */
static inline int64_t clock_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds since the Unix epoch (wall clock). */
static inline int64_t clock_wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Microseconds since the Unix epoch (wall clock). */
static inline int64_t clock_wall_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Remove trailing newlines and spaces from s in place (libpq's messages end
 * with a newline; a log line or an error keeps one line). Returns s. */
static inline char *str_rtrim(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	return s;
}

#endif
