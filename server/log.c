/* log: one line per event on stderr, as logfmt (`ts=<RFC 3339 UTC, ms>
 * level=<l> event=<e> ...`) or as one JSON object (log_format = json) made
 * from the same key=value pairs. Each line is formatted into stack buffers and
 * written with a single write(2), so lines from different threads never
 * interleave (stderr is unbuffered and lines stay below PIPE_BUF-sized
 * atomicity limits in practice). */
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

#include "json.h"

static atomic_int min_level = LOG_INFO;
static atomic_int format = LOG_FORMAT_LOGFMT;

static const char *const level_names[] = {"debug", "info", "warn", "error"};
static const char *const format_names[] = {"logfmt", "json"};

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

int log_set_format_name(const char *name)
{
	for (int i = 0; i < 2; i++) {
		if (strcasecmp(name, format_names[i]) == 0) {
			atomic_store(&format, i);
			return 0;
		}
	}
	return -1;
}

/* ---- JSON ------------------------------------------------------------------ */

typedef struct jline {
	char *p;
	size_t cap, n;
} jline;

/* Append raw text if it fits whole. Returns 0 or -1 (nothing written). */
static int jraw(jline *j, const char *s, size_t len)
{
	if (j->cap - j->n < len) return -1;
	memcpy(j->p + j->n, s, len);
	j->n += len;
	return 0;
}

/* Append "s" (escaped) if it fits whole. Returns 0 or -1. */
static int jstr(jline *j, const char *s, size_t len)
{
	size_t mark = j->n, used;
	if (jraw(j, "\"", 1) != 0) return -1;
	j->n += json_escape(j->p + j->n, j->cap - j->n, s, len, &used);
	if (used < len || jraw(j, "\"", 1) != 0) {
		j->n = mark;
		return -1;
	}
	return 0;
}

/* Does the bare logfmt value v[0..len) read as a JSON number
 * (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?)? Then it is written as one. */
static int is_json_number(const char *v, size_t len)
{
	size_t i = 0;
	if (i < len && v[i] == '-') i++;
	if (i == len) return 0;
	if (v[i] == '0') {
		i++;
	} else if (v[i] >= '1' && v[i] <= '9') {
		while (i < len && v[i] >= '0' && v[i] <= '9')
			i++;
	} else {
		return 0;
	}
	if (i < len && v[i] == '.') {
		size_t d = ++i;
		while (i < len && v[i] >= '0' && v[i] <= '9')
			i++;
		if (i == d) return 0;
	}
	if (i < len && (v[i] == 'e' || v[i] == 'E')) {
		i++;
		if (i < len && (v[i] == '+' || v[i] == '-')) i++;
		size_t d = i;
		while (i < len && v[i] >= '0' && v[i] <= '9')
			i++;
		if (i == d) return 0;
	}
	return i == len;
}

/* Undo log_quote: the text between the quotes at *s (s points past the
 * opening quote) into out; stops at the closing quote or the end (a cut
 * line). Returns the length; *s moves past the closing quote. */
static size_t unquote(const char **s, char *out, size_t cap)
{
	const char *p = *s;
	size_t n = 0;
	while (*p && *p != '"' && n < cap) {
		char c = *p++;
		if (c == '\\' && *p) {
			char e = *p++;
			c = e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e;
		}
		out[n++] = c;
	}
	if (*p == '"') p++;
	*s = p;
	return n;
}

static int is_reserved_key(const char *k, size_t len)
{
	return (len == 2 && !memcmp(k, "ts", 2)) || (len == 5 && !memcmp(k, "level", 5)) ||
	       (len == 5 && !memcmp(k, "event", 5)) || (len == 9 && !memcmp(k, "truncated", 9));
}

/* One pair `,"key":value` (or nothing if it does not fit whole). */
static int jpair(jline *j, const char *k, size_t klen, const char *v, size_t vlen, int quoted, int bare_key)
{
	size_t mark = j->n;
	char key[128];
	if (klen > sizeof(key) - 1) klen = sizeof(key) - 1;
	memcpy(key, k, klen);
	/* The line's own ts/level/event stay unique: a caller's key of that
	 * name gets a trailing '_'. */
	if (is_reserved_key(k, klen)) key[klen++] = '_';
	int rc = jraw(j, ",", 1) || jstr(j, key, klen) || jraw(j, ":", 1);
	if (!rc) {
		if (bare_key)
			rc = jraw(j, "true", 4);
		else if (!quoted && (is_json_number(v, vlen) || (vlen == 4 && !memcmp(v, "true", 4)) ||
		                     (vlen == 5 && !memcmp(v, "false", 5))))
			rc = jraw(j, v, vlen);
		else
			rc = jstr(j, v, vlen);
	}
	if (rc) j->n = mark;
	return rc ? -1 : 0;
}

size_t log_json_line(char *out, size_t cap, const char *ts, const char *level, const char *event,
                     const char *pairs, int cut)
{
	static const char tail[] = ",\"truncated\":true}\n";
	char val[LOG_LINE_MAX];
	if (cap < 64) return 0;
	/* Keep room for the tail so a line always ends as valid JSON. */
	jline j = {out, cap - (sizeof(tail) - 1), 0};
	if (jraw(&j, "{\"ts\":", 6) || jstr(&j, ts, strlen(ts)) || jraw(&j, ",\"level\":", 9) ||
	    jstr(&j, level, strlen(level)) || jraw(&j, ",\"event\":", 9) || jstr(&j, event, strlen(event))) {
		static const char bare[] = "{\"truncated\":true}\n";
		memcpy(out, bare, sizeof(bare) - 1);
		return sizeof(bare) - 1;
	}
	const char *s = pairs ? pairs : "";
	int full = 0; /* a member did not fit */
	while (!full) {
		while (*s == ' ')
			s++;
		if (!*s) break;
		const char *k = s;
		while (*s && *s != '=' && *s != ' ')
			s++;
		size_t klen = (size_t)(s - k);
		int rc;
		if (*s != '=') { /* a bare key means true (logfmt) */
			rc = jpair(&j, k, klen, NULL, 0, 0, 1);
		} else if (*++s == '"') {
			s++;
			size_t vlen = unquote(&s, val, sizeof val);
			rc = jpair(&j, k, klen, val, vlen, 1, 0);
		} else {
			const char *v = s;
			while (*s && *s != ' ')
				s++;
			rc = jpair(&j, k, klen, v, (size_t)(s - v), 0, 0);
		}
		if (rc) full = 1;
	}
	j.cap = cap;
	if (cut || full) {
		memcpy(out + j.n, tail, sizeof(tail) - 1);
		return j.n + sizeof(tail) - 1;
	}
	memcpy(out + j.n, "}\n", 2);
	return j.n + 2;
}

/* ---- lines ------------------------------------------------------------------- */

static void write_all(const char *p, size_t n)
{
	size_t off = 0;
	while (off < n) {
		ssize_t w = write(STDERR_FILENO, p + off, n - off);
		if (w < 0) {
			if (errno == EINTR) continue;
			return;
		}
		off += (size_t)w;
	}
}

void log_msg(enum log_level l, const char *event, const char *fmt, ...)
{
	if (!log_enabled(l)) return;
	if ((unsigned)l > LOG_ERROR) l = LOG_ERROR;
	char ts[40];
	struct timespec now;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	size_t tn = strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(ts + tn, sizeof(ts) - tn, ".%03ldZ", now.tv_nsec / 1000000L);

	if (atomic_load_explicit(&format, memory_order_relaxed) == LOG_FORMAT_JSON) {
		char pairs[LOG_LINE_MAX], line[2 * LOG_LINE_MAX];
		int cut = 0;
		pairs[0] = '\0';
		if (fmt && fmt[0]) {
			va_list ap;
			va_start(ap, fmt);
			int m = vsnprintf(pairs, sizeof(pairs), fmt, ap);
			va_end(ap);
			cut = m < 0 || (size_t)m >= sizeof(pairs);
		}
		write_all(line, log_json_line(line, sizeof(line), ts, level_names[l], event, pairs, cut));
		return;
	}

	char line[LOG_LINE_MAX];
	size_t n = (size_t)snprintf(line, sizeof(line), "ts=%s level=%s event=%s", ts, level_names[l], event);
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
	write_all(line, n);
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
