/* log: structured log lines (logfmt) on stderr: `ts=... level=info
 * event=conn.open worker=1 peer=127.0.0.1:5555 ...`. Thread-safe: one write(2)
 * per line. Never called on a hot path at level info per request. */
#ifndef PASSEND_LOG_H
#define PASSEND_LOG_H

#include <stddef.h>

enum log_level { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3 };

/* Set the minimum level printed; returns 0, or -1 for an unknown name. */
__attribute__((warn_unused_result)) int log_set_level_name(const char *name);
void log_set_level(enum log_level l);
int log_enabled(enum log_level l);
/* Print one line: event name then logfmt key=value pairs given by fmt
 * (values with spaces should be quoted by the caller: key="a b"). */
__attribute__((format(printf, 3, 4))) void log_msg(enum log_level l, const char *event, const char *fmt, ...);

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
