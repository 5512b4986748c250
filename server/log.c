/* log: logfmt lines on stderr, `ts=<RFC 3339 UTC, ms> level=<l> event=<e> ...`.
 * Each line is formatted into a stack buffer and written with a single
 * write(2), so lines from different threads never interleave (stderr is
 * unbuffered and lines stay below PIPE_BUF-sized atomicity limits in practice). */
#define _GNU_SOURCE
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define LOG_LINE_MAX 4096

static atomic_int min_level = LOG_INFO;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level l)
{
	atomic_store(&min_level, (int)l);
}

int log_set_level_name(const char *name)
{
	for (int i = 0; i < 4; i++) {
		if (strcasecmp(name, level_names[i]) == 0) {
			log_set_level((enum log_level)i);
			return 0;
		}
	}
	return -1;
}

int log_enabled(enum log_level l)
{
	return (int)l >= atomic_load_explicit(&min_level, memory_order_relaxed);
}

void log_msg(enum log_level l, const char *event, const char *fmt, ...)
{
	if (!log_enabled(l)) return;
	if ((unsigned)l > LOG_ERROR) l = LOG_ERROR;
	char line[LOG_LINE_MAX];
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(line, sizeof(line), "ts=%Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t)snprintf(line + n, sizeof(line) - n, ".%03ldZ level=%s event=%s", ts.tv_nsec / 1000000L,
	                      level_names[l], event);
	if (n < sizeof(line) - 1 && fmt && fmt[0]) {
		line[n++] = ' ';
		va_list ap;
		va_start(ap, fmt);
		int m = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
		va_end(ap);
		if (m > 0) n += (size_t)m;
	}
	/* Truncated lines keep their newline; mark the cut. */
	if (n >= sizeof(line) - 1) {
		static const char mark[] = " truncated=true";
		n = sizeof(line) - 1 - (sizeof(mark) - 1);
		memcpy(line + n, mark, sizeof(mark) - 1);
		n += sizeof(mark) - 1;
	}
	line[n++] = '\n';
	size_t off = 0;
	while (off < n) {
		ssize_t w = write(STDERR_FILENO, line + off, n - off);
		if (w < 0) {
			if (errno == EINTR) continue;
			return;
		}
		off += (size_t)w;
	}
}

const char *log_quote(char *buf, size_t len, const char *s)
{
	if (!len) return "";
	size_t o = 0;
	if (!s) s = "";
	if (len < 3) {
		buf[0] = '\0';
		return buf;
	}
	buf[o++] = '"';
	for (; *s && o + 3 < len; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c == '\n' || c == '\r' || c == '\t') {
			buf[o++] = '\\';
			buf[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
		} else if (c < 0x20 || c == 0x7f) {
			buf[o++] = '?';
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}
