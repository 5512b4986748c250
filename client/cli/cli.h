/* cli: the command framework of `passend` — command tables, flag parsing,
 * help, global options (flags > environment > config file > defaults), and
 * helpers that turn libpassend results into messages and exit codes.
 * A command area lives in its own cmd_<area>.c and exports one struct
 * cli_cmd; the root table in main.c lists the areas.
 */
#ifndef PASSEND_CLI_H
#define PASSEND_CLI_H

#include <stdint.h>
#include <stdio.h>

#include <passend/passend.h>

#include "buf.h"
#include "proto_print.h"

/* Exit codes (documented in `passend --help`). */
enum cli_exit {
	CLI_EXIT_OK = 0,      /* success */
	CLI_EXIT_SERVER = 1,  /* the server answered with an error (or NOT_SERVING) */
	CLI_EXIT_USAGE = 2,   /* bad command line or configuration */
	CLI_EXIT_CONNECT = 3, /* cannot connect, TLS failure, connection lost */
};

#define CLI_MAX_DEPTH 8
#define CLI_MAX_SET   32

/* A command-specific flag: `--name VALUE`, or `--name` when metavar is NULL
 * (boolean). Arrays of flags end with an entry whose name is NULL. */
struct cli_flag {
	const char *name;    /* without the leading "--" */
	const char *metavar; /* e.g. "N", "DURATION"; NULL = boolean */
	const char *help;    /* one line, including the default */
};

struct cli_ctx;
/* A command handler returns an exit code (enum cli_exit). */
typedef int (*cli_handler)(struct cli_ctx *ctx);

enum {
	CLI_CMD_NO_GLOBALS = 1u << 0, /* handler needs no server/config (help) */
};

/* One node of the command tree. A node has subcommands, a handler, or both
 * (the handler then runs when no subcommand is named). */
struct cli_cmd {
	const char *name;
	const char *summary;     /* one line, shown in the parent's command list */
	const char *usage;       /* after "passend ", e.g. "server watch [--count N]"; NULL = derived */
	const char *description; /* paragraph(s) for --help; may be NULL */
	const struct cli_flag *flags;
	const char *examples; /* lines, each a command; may be NULL */
	cli_handler handler;
	const struct cli_cmd *const *subcommands; /* NULL-terminated; may be NULL */
	int max_args;                             /* positional arguments accepted (-1 = any) */
	unsigned cmd_flags;                       /* CLI_CMD_* */
};

/* Global options after resolution. */
struct cli_globals {
	char *server; /* "host:port" */
	char *ca;     /* CA file, or NULL for the system store */
	char *token;  /* bearer token, or NULL */
	char *cert;   /* client certificate (PEM) for mTLS, or NULL */
	char *key;    /* its private key, or NULL */
	enum proto_format output;
	int64_t timeout_ms; /* connect timeout and per-call deadline */
};

/* Raw global option strings as given on the command line (NULL = not given). */
struct cli_raw_globals {
	const char *server, *ca, *token, *output, *timeout, *config, *cert, *key;
};

/* State of one invocation, passed to handlers. */
struct cli_ctx {
	const struct cli_cmd *path[CLI_MAX_DEPTH]; /* root .. the command run */
	int depth;
	const struct cli_cmd *cmd; /* == path[depth - 1] */
	struct {
		const struct cli_flag *flag;
		const char *value; /* "true" for boolean flags given bare */
	} set[CLI_MAX_SET];
	int nset;
	char **args; /* positional arguments after the command words */
	int nargs;
	struct cli_raw_globals raw;
	struct cli_globals g;
	FILE *out, *err;
	passend_channel *ch;
};

/* --- framework (cli.c) --------------------------------------------------- */

/* Parse argv against the tree under `root`, resolve global options and run
 * the handler (or print help). Returns the process exit code. */
int cli_main(const struct cli_cmd *root, int argc, char **argv);

/* Print help for the command at ctx->path[0..depth-1] to fp. */
void cli_print_help(FILE *fp, const struct cli_cmd *const *path, int depth);

/* Value of command flag `name` ("--name"), or NULL when not given. */
const char *cli_flag_value(const struct cli_ctx *ctx, const char *name);

/* Print "error: <fmt>" and the hint to see --help for the current command to
 * stderr. Returns CLI_EXIT_USAGE. */
__attribute__((format(printf, 2, 3))) int cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...);

/* Command flag `name` as an integer in [min, max]; def when not given.
 * Returns 0, or CLI_EXIT_USAGE after printing why. */
int cli_flag_int(struct cli_ctx *ctx, const char *name, int64_t def, int64_t min, int64_t max, int64_t *out);
/* Command flag `name` as a duration in ms in [min, max]; def when not given.
 * Returns 0, or CLI_EXIT_USAGE after printing why. */
int cli_flag_duration(struct cli_ctx *ctx, const char *name, int64_t def, int64_t min, int64_t max,
                      int64_t *out);

/* --- options and configuration (config.c) --------------------------------- */

/* Parse a duration: one or more <number><unit> with unit ms, s, m or h
 * ("1m30s", "1.5s", "500ms"); a bare number means seconds. Returns 0 and
 * *ms, or -1. */
int cli_parse_duration(const char *s, int64_t *ms);

/* Resolve global options into ctx->g from ctx->raw, the environment
 * (PASSEND_SERVER, PASSEND_CA, PASSEND_TOKEN, PASSEND_OUTPUT,
 * PASSEND_CONFIG) and the config file. Prints problems to ctx->err.
 * Returns 0 or CLI_EXIT_USAGE. Free with cli_globals_free. */
int cli_globals_resolve(struct cli_ctx *ctx);
void cli_globals_free(struct cli_globals *g);

/* --- talking to the server (main.c) ------------------------------------------ */

/* Open the channel to ctx->g.server (TLS with ctx->g.ca and the token) and
 * connect within the timeout. Returns 0 and *out (owned by ctx, closed at
 * exit), or an exit code after printing the reason (CLI_EXIT_CONNECT,
 * CLI_EXIT_USAGE for an invalid address). */
int cli_connect(struct cli_ctx *ctx, passend_channel **out);

/* Call options for ctx: the global timeout (plus extra_ms) as deadline;
 * idempotent calls are retried on UNAVAILABLE. */
passend_call_opts cli_call_opts(const struct cli_ctx *ctx, int idempotent, int64_t extra_ms);

/* Report a failed libpassend call (rc < 0) on stderr — "error: NOT_FOUND:
 * message" for a server status — and return the exit code for it. */
int cli_call_error(struct cli_ctx *ctx, int rc);

/* Write the unread contents of b to ctx->out and reset b. Returns 0, or
 * CLI_EXIT_SERVER after printing a write error. */
int cli_write(struct cli_ctx *ctx, buf *b);

/* --- value parsing (cmd_values.c; pure, unit-tested) --------------------------- */

/* "YYYY-MM-DD", a real calendar date. Sets out->year/month/day. Returns 0 or -1. */
int cli_parse_date(const char *s, Passend__V1__Date *out);
/* "MM-DD" (e.g. "08-01"); 02-29 allowed. Sets out->month/day. Returns 0 or -1. */
int cli_parse_month_day(const char *s, Passend__V1__MonthDay *out);
/* A span: one or more <number><unit>, unit s, m, h, d or w ("30d", "1h30m");
 * at most 100 years. Returns 0 and *secs, or -1. */
int cli_parse_span(const char *s, int64_t *secs);
/* An instant in Unix seconds: a span relative to `now` (sign > 0 into the
 * future, < 0 into the past), "YYYY-MM-DD" (local midnight),
 * "YYYY-MM-DDTHH:MM[:SS]" (local time) or the same followed by "Z" or
 * "+HH:MM"/"-HH:MM". Returns 0 and *secs, or -1. */
int cli_parse_instant(const char *s, int64_t now, int sign, int64_t *secs);
/* Enum value by name, case-insensitive, '-' for '_' ("raad-van-toezicht").
 * The zero (UNSPECIFIED) value is refused. Returns 0 and *out, or -1. */
int cli_enum_parse(const ProtobufCEnumDescriptor *d, const char *s, int *out);
/* The accepted names of d ("raad-van-toezicht|algemeen-dagelijks-bestuur"),
 * lower case, joined by sep, into dst. Returns 0 or -1 (too small). */
int cli_enum_choices(const ProtobufCEnumDescriptor *d, const char *sep, char *dst, size_t dstlen);
/* Sector of a DUO code by its prefix ("PO 27-04" -> PO), or 0 when neither
 * "PO " nor "VO " (the server then judges the code). */
int cli_sector_from_duo(const char *duo);
/* Split "a,b, c" into malloc'd strings (trimmed; empty items refused).
 * Returns 0 and *items and *n (free with cli_list_free), or -1. */
int cli_split_list(const char *s, char ***items, size_t *n);
void cli_list_free(char **items, size_t n);

/* One entry of an update-mask map: a command flag and the proto field it
 * sets. Arrays end with {NULL, NULL}. */
struct cli_mask_field {
	const char *flag;
	const char *field;
};
/* Fill mask[0 .. cap-1] with the proto fields of the flags in given[] (in map
 * order, each once; strings point into map). Returns the count. */
size_t cli_update_mask(const struct cli_mask_field *map, const char *const *given, size_t ngiven,
                       const char **mask, size_t cap);
/* A random UUIDv4 ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx") for the
 * request_id of create calls, so a retried create is applied once.
 * Returns 0, or -1 when the system has no randomness. */
int cli_request_id(char out[37]);

/* --- helpers for resource commands (cmd_common.c) ------------------------------- */

/* Flags every list command takes (append to its flag array). */
#define CLI_LIST_FLAGS                                                                                       \
	{"page-size", "N", "rows per request, 1-1000 (default: the server's, 100)"},                         \
	{                                                                                                    \
		"limit", "N", "print at most N rows (default: all pages)"                                    \
	}

/* The single positional argument (an id) as *id, or a usage error naming
 * `what`. Returns 0 or CLI_EXIT_USAGE. */
int cli_one_arg(struct cli_ctx *ctx, const char *what, const char **id);
/* Value of a required flag, or a usage error. Returns 0 or CLI_EXIT_USAGE. */
int cli_required_flag(struct cli_ctx *ctx, const char *name, const char **value);
/* Parse enum flag `name` of d; *out unchanged when not given. Returns 0 or
 * CLI_EXIT_USAGE (the error lists the choices). */
int cli_flag_enum(struct cli_ctx *ctx, const char *name, const ProtobufCEnumDescriptor *d, int *out);
/* Date flag into *out (YYYY-MM-DD); *given set to 1 when present. */
int cli_flag_date(struct cli_ctx *ctx, const char *name, Passend__V1__Date *out, int *given);
/* Month-day flag (MM-DD) into *out; *given set to 1 when present. */
int cli_flag_month_day(struct cli_ctx *ctx, const char *name, Passend__V1__MonthDay *out, int *given);
/* Instant flag (date, date-time or span; span counted with sign from now)
 * into *out; *given set to 1 when present. */
int cli_flag_instant(struct cli_ctx *ctx, const char *name, int sign, Passend__V1__Timestamp *out,
                     int *given);
/* Every value of a repeatable list flag, each split at commas. Returns 0 and
 * *items and *n (n = 0, items NULL when absent; free with cli_list_free), or
 * CLI_EXIT_USAGE. */
int cli_flag_list(struct cli_ctx *ctx, const char *name, char ***items, size_t *n);
/* Print one message in the chosen format to ctx->out. Returns an exit code. */
int cli_print_one(struct cli_ctx *ctx, const ProtobufCMessage *msg);
/* End of a single-message call (create, get, update, workflow step): with a
 * library error rc < 0 report it (cli_call_error), else print resp; frees
 * resp either way (NULL is fine). Returns the exit code. */
int cli_finish_one(struct cli_ctx *ctx, int rc, ProtobufCMessage *resp);

/* Print n messages of type item_desc as one list (table rows, CSV rows or a
 * JSON array) — for unpaged list answers. Returns an exit code. */
int cli_print_rows(struct cli_ctx *ctx, const ProtobufCMessageDescriptor *item_desc,
                   ProtobufCMessage *const *rows, size_t n);

/* A typed List call, seen generically by cli_list_all. */
typedef int (*cli_list_fn)(passend_channel *ch, const ProtobufCMessage *req, ProtobufCMessage **resp,
                           const passend_call_opts *opts);
/* Run a List call page after page (honouring --page-size and --limit),
 * printing the repeated `item_desc` field of every response as one list.
 * `page` is the request's PageRequest (already linked into req). Returns an
 * exit code. */
int cli_list_all(struct cli_ctx *ctx, const ProtobufCMessage *req, Passend__V1__PageRequest *page,
                 cli_list_fn fn, const ProtobufCMessageDescriptor *item_desc);

/* --- command areas ------------------------------------------------------------- */

extern const struct cli_cmd cli_cmd_help;       /* cli.c: help [command...] */
extern const struct cli_cmd cli_cmd_health;     /* cmd_platform.c */
extern const struct cli_cmd cli_cmd_server;     /* cmd_platform.c */
extern const struct cli_cmd cli_cmd_version;    /* cmd_platform.c */
extern const struct cli_cmd cli_cmd_whoami;     /* cmd_admin.c */
extern const struct cli_cmd cli_cmd_admin;      /* cmd_admin.c: tenant, token */
extern const struct cli_cmd cli_cmd_audit;      /* cmd_admin.c */
extern const struct cli_cmd cli_cmd_bestuur;    /* cmd_domain.c: school */
extern const struct cli_cmd cli_cmd_toezicht;   /* cmd_domain.c: lid */
extern const struct cli_cmd cli_cmd_werkgebied; /* cmd_domain.c */
extern const struct cli_cmd cli_cmd_leerling;   /* cmd_domain.c */
extern const struct cli_cmd cli_cmd_tlv;        /* cmd_tlv.c */
extern const struct cli_cmd cli_cmd_rapport;    /* cmd_rapport.c: deelname, tlv */
/* Subcommands linked into the tables of cmd_domain.c and cmd_admin.c. */
extern const struct cli_cmd cli_cmd_bestuur_schoolbestuur; /* cmd_bestuur.c */
extern const struct cli_cmd cli_cmd_bestuur_gemeente;      /* cmd_bestuur.c */
extern const struct cli_cmd cli_cmd_bestuur_herkomst;      /* cmd_bestuur.c */
extern const struct cli_cmd cli_cmd_bestuur_telling;       /* cmd_bestuur.c */
extern const struct cli_cmd cli_cmd_school_update;         /* cmd_bestuur.c: bestuur school update */
extern const struct cli_cmd cli_cmd_school_deactivate;     /* cmd_bestuur.c */
extern const struct cli_cmd cli_cmd_werkgebied_update;     /* cmd_bestuur.c: werkgebied update */
extern const struct cli_cmd cli_cmd_werkgebied_deactivate; /* cmd_bestuur.c */
extern const struct cli_cmd cli_cmd_bestuur_import;        /* cmd_import.c: bestuur import */
extern const struct cli_cmd cli_cmd_admin_landelijk;       /* cmd_rapport.c: admin landelijk */

#endif
