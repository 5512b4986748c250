/* cli: the command framework of `passend` — command tables, flag parsing,
 * help, global options (flags > environment > config file > defaults), the
 * helpers that turn libpassend results into messages and exit codes, and
 * the value parsers. Objects (school, gemeente, tenant, …) are described
 * once as a struct cli_resource (cli_resource.h) and get their commands from
 * it; the root table in main.c lists the areas.
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

#define CLI_MAX_DEPTH   8
#define CLI_MAX_SET     32
#define CLI_MAX_LOOKUPS 8
#define CLI_MAX_COLUMNS 32

/* The kinds of resource commands (struct cli_verb.kind); also the bits of
 * cli_flag.on and cli_flag.required. */
enum cli_verb_kind {
	CLI_CREATE = 1u << 0, /* Create…: flags fill the object; sends a request_id; prints the result */
	CLI_SHOW = 1u << 1,   /* Get…: the argument names the object; prints it */
	CLI_LIST = 1u << 2,   /* List…: flags filter; every page; a table of chosen columns */
	CLI_UPDATE = 1u << 3, /* Update…: the argument names the object; update_mask = the flags given */
	CLI_ACT =
	    1u << 4, /* a step on one object (Deactivate…, Revoke…, DecideTlv): flags fill the request */
	CLI_CALL = 1u << 5, /* Upsert…, Set…, Get…Report: flags fill the request; safe to repeat */
};

/* Options of a flag (cli_flag.opts). */
enum {
	CLI_F_REQUEST = 1u << 0, /* create/update: the field is on the request, not the object */
	CLI_F_INVERT = 1u << 1,  /* boolean flag that sets its field to false (--inactive: active) */
	CLI_F_CLEAR = 1u << 2,   /* boolean flag that empties its field (update: and masks it) */
	CLI_F_PAST = 1u << 3,    /* an instant given as a span counts back from now (--since 7d) */
};

struct cli_form;
struct cli_flag;
struct cli_resource;
struct cli_verb;
/* A flag's own conversion of one value into the form (called once per
 * occurrence). Returns 0 or an exit code (after printing why). */
typedef int (*cli_set_fn)(struct cli_form *form, const struct cli_flag *flag, const char *value);

/* A command flag: `--name VALUE`, or `--name` when metavar is NULL
 * (boolean). Arrays of flags end with {0}. The members after `help` say
 * where the value goes in the request (cli_form.c); plain commands that read
 * their flags themselves leave them zero. */
struct cli_flag {
	const char *name;    /* without the leading "--" */
	const char *metavar; /* e.g. "N", "DURATION"; NULL = boolean */
	const char *help;    /* one line, including the default */
	/* Dotted field path; on the object for create/update (unless
	 * CLI_F_REQUEST), else on the request. "a,b" sets both fields. */
	const char *field;
	unsigned on;                    /* verb kinds that take the flag (CLI_CREATE | …); 0 = all */
	unsigned required;              /* verb kinds on which it must be given (0 = never) */
	const struct cli_resource *ref; /* the value names an object of ref: natural key or id */
	const char *def;                /* value when no flag of the field is given (not on update) */
	const char *choices;            /* enum or string values allowed, e.g. "sbo|so" */
	int64_t min, max;               /* integer range; both 0 = the field type's range */
	unsigned opts;                  /* CLI_F_* */
	cli_set_fn set;                 /* own conversion instead of the one by field type */
};

struct cli_ctx;
/* A command handler returns an exit code (enum cli_exit). */
typedef int (*cli_handler)(struct cli_ctx *ctx);

enum {
	CLI_CMD_NO_GLOBALS = 1u << 0, /* handler needs no server/config (help) */
};

/* One node of the command tree. A node has subcommands, a handler, or both
 * (the handler then runs when no subcommand is named). A node with
 * `resource` and no subcommands is an object: its verbs are its commands,
 * and the framework makes a command of each verb (cli_verb_cmd). */
struct cli_cmd {
	const char *name;
	const char *summary;     /* one line, shown in the parent's command list */
	const char *usage;       /* positional arguments ("KIND FILE.csv"; NULL = "[arguments]") in the
	                          * usage line, which is derived from the flags; the root: its whole line */
	const char *description; /* paragraph(s) for --help; may be NULL */
	const struct cli_flag *flags;
	const char *examples; /* lines, each a command; may be NULL */
	cli_handler handler;
	const struct cli_cmd *const *subcommands; /* NULL-terminated; may be NULL */
	int max_args;                             /* positional arguments accepted (-1 = any) */
	unsigned cmd_flags;                       /* CLI_CMD_* */
	const struct cli_resource *resource;      /* an object node, or the object of a verb command */
	const struct cli_verb *verb;              /* set in the command made of a verb */
};

/* Global options after resolution. */
struct cli_globals {
	char *server; /* "host:port" */
	char *ca;     /* CA file, or NULL for the system store */
	char *token;  /* bearer token, or NULL */
	char *cert;   /* client certificate (PEM) for mTLS, or NULL */
	char *key;    /* its private key, or NULL */
	enum proto_format output;
	int wide;           /* --output wide: a table with the ids too */
	int html;           /* --output html: a report as one HTML page (output = table formatting) */
	int64_t timeout_ms; /* connect timeout and per-call deadline */
};

/* Raw global option strings as given on the command line (NULL = not given). */
struct cli_raw_globals {
	const char *server, *ca, *token, *output, *timeout, *config, *cert, *key;
	const char *output_file; /* --output-file / -o FILE */
};

/* Every object of one resource, fetched once per invocation through its
 * List call to resolve natural keys and to name references in tables. */
struct cli_lookup {
	const struct cli_resource *res;
	ProtobufCMessage **pages; /* the List responses (owned) */
	size_t npages;
	const ProtobufCMessage **rows; /* the objects, pointing into pages */
	size_t nrows;
	int rc; /* 0, or the exit code of the failed fetch */
};

/* State of one invocation, passed to handlers. */
struct cli_ctx {
	const struct cli_cmd *path[CLI_MAX_DEPTH]; /* root .. the command run */
	struct cli_cmd nodes[CLI_MAX_DEPTH];       /* storage for the commands made of verbs */
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
	struct cli_lookup lookups[CLI_MAX_LOOKUPS];
	int nlookups;
};

/* --- framework (cli.c) --------------------------------------------------- */

/* Parse argv against the tree under `root`, resolve global options and run
 * the handler (or print help), writing to stdout/stderr. Returns the
 * process exit code. */
int cli_main(const struct cli_cmd *root, int argc, char **argv);
/* The same with the output streams given (unit tests). */
__attribute__((warn_unused_result)) int cli_run(const struct cli_cmd *root, int argc, char **argv, FILE *out,
                                                FILE *err);

/* Print help for the command at path[0..depth-1] to fp. */
void cli_print_help(FILE *fp, const struct cli_cmd *const *path, int depth);

/* Whether flag f applies to command cmd (its verb kind is in f->on). */
int cli_flag_applies(const struct cli_flag *f, const struct cli_cmd *cmd);
/* Whether flags a and b set the same field(s): required ones are then
 * alternatives, and both given exclude each other. */
int cli_flag_same_field(const struct cli_flag *a, const struct cli_flag *b);
/* The verb kind of cmd: its verb's kind, or every kind for plain commands. */
unsigned cli_cmd_kind(const struct cli_cmd *cmd);

/* Value of command flag `name` ("--name"), or NULL when not given. */
const char *cli_flag_value(const struct cli_ctx *ctx, const char *name);
/* Whether boolean flag `name` was given (and not =false). */
int cli_flag_bool(const struct cli_ctx *ctx, const char *name);

/* Print "error: <fmt>" and the hint to see --help for the current command to
 * stderr. Returns CLI_EXIT_USAGE. */
__attribute__((format(printf, 2, 3))) int cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...);
/* Print "error: out of memory". Returns CLI_EXIT_SERVER. */
int cli_oom(struct cli_ctx *ctx);

/* Command flag `name` as an integer in [min, max]; def when not given.
 * Returns 0, or CLI_EXIT_USAGE after printing why. */
__attribute__((warn_unused_result)) int cli_flag_int(struct cli_ctx *ctx, const char *name, int64_t def,
                                                     int64_t min, int64_t max, int64_t *out);
/* Command flag `name` as a duration in ms in [min, max]; def when not given.
 * Returns 0, or CLI_EXIT_USAGE after printing why. */
__attribute__((warn_unused_result)) int cli_flag_duration(struct cli_ctx *ctx, const char *name, int64_t def,
                                                          int64_t min, int64_t max, int64_t *out);

/* --- options and configuration (config.c) --------------------------------- */

/* Parse a duration: one or more <number><unit> with unit ms, s, m or h
 * ("1m30s", "1.5s", "500ms"); a bare number means seconds. Returns 0 and
 * *ms, or -1. */
__attribute__((warn_unused_result)) int cli_parse_duration(const char *s, int64_t *ms);

/* Resolve global options into ctx->g from ctx->raw, the environment
 * (PASSEND_SERVER, PASSEND_CA, PASSEND_TOKEN, PASSEND_OUTPUT,
 * PASSEND_CONFIG) and the config file. Prints problems to ctx->err.
 * Returns 0 or CLI_EXIT_USAGE. Free with cli_globals_free. */
__attribute__((warn_unused_result)) int cli_globals_resolve(struct cli_ctx *ctx);
void cli_globals_free(struct cli_globals *g);

/* --- talking to the server (cli_call.c) ---------------------------------------- */

/* Open the channel to ctx->g.server (TLS with ctx->g.ca and the token) and
 * connect within the timeout. Returns 0 and *out (owned by ctx, closed at
 * exit), or an exit code after printing the reason (CLI_EXIT_CONNECT,
 * CLI_EXIT_USAGE for an invalid address). */
__attribute__((warn_unused_result)) int cli_connect(struct cli_ctx *ctx, passend_channel **out);

/* Call options for ctx: the global timeout (plus extra_ms) as deadline;
 * idempotent calls are retried on UNAVAILABLE. */
passend_call_opts cli_call_opts(const struct cli_ctx *ctx, int idempotent, int64_t extra_ms);

/* Report a failed libpassend call (rc < 0) on stderr — "error: NOT_FOUND:
 * message" for a server status — and return the exit code for it. */
__attribute__((warn_unused_result)) int cli_call_error(struct cli_ctx *ctx, int rc);

/* How cli_call calls. */
enum {
	CLI_CALL_IDEMPOTENT = 1u << 0, /* safe to repeat: retried on UNAVAILABLE */
	CLI_CALL_QUIET = 1u << 1,      /* print nothing on failure (the caller copes) */
};
/* Unary call of `method` of `service` ("GetSchool" of passend.v1.Bestuur)
 * with passend_call_unary after connecting; `how` is CLI_CALL_*. On success
 * *resp is the response (caller frees with protobuf_c_message_free_unpacked).
 * Returns 0, or an exit code after printing why (*resp NULL). */
__attribute__((warn_unused_result)) int cli_call(struct cli_ctx *ctx,
                                                 const ProtobufCServiceDescriptor *service,
                                                 const char *method, const ProtobufCMessage *req,
                                                 unsigned how, ProtobufCMessage **resp);

/* Write the unread contents of b to ctx->out and reset b. Returns 0, or
 * CLI_EXIT_SERVER after printing a write error. */
__attribute__((warn_unused_result)) int cli_write(struct cli_ctx *ctx, buf *b);
/* Write b, built with result `built` (< 0: out of memory while building),
 * to ctx->out and free it. Returns the exit code. */
__attribute__((warn_unused_result)) int cli_emit(struct cli_ctx *ctx, buf *b, int built);
/* Print one message in the chosen format to ctx->out. Returns an exit code. */
__attribute__((warn_unused_result)) int cli_print_one(struct cli_ctx *ctx, const ProtobufCMessage *msg);

/* --- value parsing (cli_values.c; pure, unit-tested) --------------------------- */

/* "YYYY-MM-DD", a real calendar date. Sets out->year/month/day. Returns 0 or -1. */
__attribute__((warn_unused_result)) int cli_parse_date(const char *s, Passend__V1__Date *out);
/* "MM-DD" (e.g. "08-01"); 02-29 allowed. Sets out->month/day. Returns 0 or -1. */
__attribute__((warn_unused_result)) int cli_parse_month_day(const char *s, Passend__V1__MonthDay *out);
/* A school year "YYYY-YYYY" of two consecutive years ("2016-2017").
 * Returns 0 or -1. */
__attribute__((warn_unused_result)) int cli_parse_schooljaar(const char *s);
/* A span: one or more <number><unit>, unit s, m, h, d or w ("30d", "1h30m");
 * at most 100 years. Returns 0 and *secs, or -1. */
__attribute__((warn_unused_result)) int cli_parse_span(const char *s, int64_t *secs);
/* An instant in Unix seconds: a span relative to `now` (sign > 0 into the
 * future, < 0 into the past), "YYYY-MM-DD" (local midnight),
 * "YYYY-MM-DDTHH:MM[:SS]" (local time) or the same followed by "Z" or
 * "+HH:MM"/"-HH:MM". Returns 0 and *secs, or -1. */
__attribute__((warn_unused_result)) int cli_parse_instant(const char *s, int64_t now, int sign,
                                                          int64_t *secs);
/* Enum value by name, case-insensitive, '-' for '_' ("raad-van-toezicht"),
 * also without the prefix every other value shares ("arrangement-type" for
 * LIJST_ARRANGEMENT_TYPE when all are LIJST_*). The zero (UNSPECIFIED)
 * value is refused. Returns 0 and *out, or -1. */
__attribute__((warn_unused_result)) int cli_enum_parse(const ProtobufCEnumDescriptor *d, const char *s,
                                                       int *out);
/* The accepted names of d ("raad-van-toezicht|algemeen-dagelijks-bestuur"),
 * lower case, without a prefix all share, joined by sep, into dst. Returns
 * 0 or -1 (too small). */
__attribute__((warn_unused_result)) int cli_enum_choices(const ProtobufCEnumDescriptor *d, const char *sep,
                                                         char *dst, size_t dstlen);
/* Sector of a DUO code by its prefix ("PO 27-04" -> PO), or 0 when neither
 * "PO " nor "VO " (the server then judges the code). */
int cli_sector_from_duo(const char *duo);
/* Split "a,b, c" into malloc'd strings (trimmed; empty items refused).
 * Returns 0 and *items and *n (free with cli_list_free), or -1. */
__attribute__((warn_unused_result)) int cli_split_list(const char *s, char ***items, size_t *n);
void cli_list_free(char **items, size_t n);
/* Whether s is one of the '|'-separated words of choices (case-insensitive,
 * '-' and '_' alike). */
int cli_choice_ok(const char *choices, const char *s);

/* An amount in euros as a person writes it, into cents: Dutch notation
 * "1.234,56", "1234,5", "1234", "-12,30", also with a decimal point
 * ("1234.56"; a dot followed by exactly three digits is a thousands
 * separator, so "1.234" is 1234 euros); at most 2 decimals, at most
 * 10^16 cents either way. Returns 0 and *cents, or -1. */
__attribute__((warn_unused_result)) int cli_parse_euro(const char *s, int64_t *cents);
/* Cents as Dutch euros into dst (dstlen bytes): whole euros rounded
 * half-up away from zero ("-145.543") when whole, else with the cents
 * ("1.234,56"). Returns dst. */
const char *cli_euro_text(int64_t cents, int whole, char *dst, size_t dstlen);

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

/* --- command areas ------------------------------------------------------------- */

extern const struct cli_cmd cli_root;         /* cli_root.c: passend */
extern const struct cli_cmd cli_cmd_help;     /* cli.c: help [command...] */
extern const struct cli_cmd cli_cmd_health;   /* cli_platform.c */
extern const struct cli_cmd cli_cmd_server;   /* cli_platform.c */
extern const struct cli_cmd cli_cmd_version;  /* cli_platform.c */
extern const struct cli_cmd cli_cmd_whoami;   /* cli_tenancy.c */
extern const struct cli_cmd cli_cmd_admin;    /* cli_tenancy.c: tenant, token, landelijk */
extern const struct cli_cmd cli_cmd_bestuur;  /* cli_bestuur.c: school, schoolbestuur, gemeente, … */
extern const struct cli_cmd cli_cmd_toezicht; /* cli_toezicht.c: lid, rol, vergadering, … */
extern const struct cli_cmd cli_cmd_jaarplan; /* cli_jaarplan.c: doel, perspectief, actie, … */
/* cli_thuiszitter.c: telling, verloop, casus */
extern const struct cli_cmd cli_cmd_thuiszitter;
extern const struct cli_cmd
    cli_cmd_begroting; /* cli_begroting.c: versie, groep, regel, prognose, tarief, overdracht */
extern const struct cli_cmd cli_cmd_sync; /* cli_sync.c: upsert, watch */
/* A command linked into the table of another area. */
extern const struct cli_cmd cli_cmd_bestuur_import; /* cli_import.c: bestuur import */
extern const struct cli_cmd cli_cmd_sync_watch;     /* cli_sync_watch.c: sync watch */
/* The objects at the top level (werkgebied, leerling, tlv, audit, rapport)
 * are resources: cli_resource.h. */

#endif
