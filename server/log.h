/* log: structured log lines on stderr, logfmt (`ts=... level=info
 * event=conn.open worker=1 peer=127.0.0.1:5555 ...`) or one JSON object per
 * line (log_format = json). Callers always write logfmt pairs; the JSON form
 * is made from them. Thread-safe: one write(2) per line. Nothing logs per
 * request at level info except the access log (access_log = true). */
#ifndef PASSEND_LOG_H
#define PASSEND_LOG_H

#include <stddef.h>

enum log_level { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3 };
enum log_format { LOG_FORMAT_LOGFMT = 0, LOG_FORMAT_JSON = 1 };

#define LOG_LINE_MAX 4096 /* logfmt line / JSON pairs text; longer ones are cut */

/* Set the minimum level printed; returns 0, or -1 for an unknown name. */
__attribute__((warn_unused_result)) int log_set_level_name(const char *name);
void log_set_level(enum log_level l);
/* Set the line format by name, "logfmt" or "json"; returns 0, or -1 for
 * another name. */
__attribute__((warn_unused_result)) int log_set_format_name(const char *name);
int log_enabled(enum log_level l);
/* Print one line: event name then logfmt key=value pairs given by fmt
 * (values with spaces should be quoted by the caller: key="a b"). */
__attribute__((format(printf, 3, 4))) void log_msg(enum log_level l, const char *event, const char *fmt, ...);

/* The JSON form of one line into out[0..cap) (cap >= 64): {"ts":..,
 * "level":.., "event":.., then each logfmt pair of `pairs` as a member. A
 * quoted value (log_quote) becomes a string; a bare one a number when it reads
 * as a JSON number, true/false as booleans, else a string; a bare key is true.
 * A caller's key ts, level, event or truncated gets a trailing '_'. Members
 * that do not fit (or cut = the pairs text was cut) are left out and
 * "truncated":true added, so the result is always one valid JSON object and a
 * newline. Returns the bytes written (no NUL). */
size_t log_json_line(char *out, size_t cap, const char *ts, const char *level, const char *event,
                     const char *pairs, int cut);

/* Quote s for a logfmt value: surrounds it with '"' and escapes '"', '\\'
 * and control characters; truncates to fit. Returns buf (caller-owned, len
 * bytes). Use for values that may contain spaces: error messages, paths. */
const char *log_quote(char *buf, size_t len, const char *s);

#define log_debug(ev, ...)                                                                                   \
	do {                                                                                                 \
		if (log_enabled(LOG_DEBUG)) log_msg(LOG_DEBUG, ev, __VA_ARGS__);                             \
	} while (0)
#define log_info(ev, ...)  log_msg(LOG_INFO, ev, __VA_ARGS__)
#define log_warn(ev, ...)  log_msg(LOG_WARN, ev, __VA_ARGS__)
#define log_error(ev, ...) log_msg(LOG_ERROR, ev, __VA_ARGS__)

#endif
