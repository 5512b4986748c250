/* cli_sync_watch: `passend sync watch` — follow the change feed
 * (passend.v1.Sync/WatchChanges) through libpassend's consumer
 * (passend/feed.h): one line per change as it arrives, reconnecting and
 * resuming by itself; --cursor-file keeps the cursor across runs. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "passend/feed.h"

static volatile sig_atomic_t watch_stop;

static void on_signal(int sig)
{
	(void)sig;
	watch_stop = 1;
}

struct sync_watch {
	struct cli_ctx *ctx;
	proto_printer *printer;
	const char *cursor_file;
	int64_t count; /* stop after this many changes; 0 = never */
	int64_t seen;
	int failed;
};

static int watch_change(void *arg, const Passend__V1__Change *c)
{
	struct sync_watch *w = arg;
	if (proto_printer_row(w->printer, &c->base) < 0) {
		w->failed = 1;
		return 1;
	}
	fflush(w->ctx->out);
	w->seen++;
	return 0;
}

/* Write the cursor to the file (through a temporary file and rename, so a
 * crash leaves the old or the new one). */
static int watch_save(void *arg, const char *cursor)
{
	struct sync_watch *w = arg;
	if (w->cursor_file) {
		char tmp[4096];
		snprintf(tmp, sizeof tmp, "%s.tmp", w->cursor_file);
		FILE *f = fopen(tmp, "w");
		if (!f || fprintf(f, "%s\n", cursor) < 0 || fclose(f) != 0 ||
		    rename(tmp, w->cursor_file) != 0) {
			fprintf(w->ctx->err, "error: cannot write %s: %s\n", w->cursor_file, strerror(errno));
			w->failed = 1;
			return 1;
		}
	}
	/* --count: stop once the message that completed it is saved. */
	return w->count > 0 && w->seen >= w->count;
}

static int watch_load(void *arg, char *dst, size_t n)
{
	struct sync_watch *w = arg;
	if (!w->cursor_file) return 1;
	FILE *f = fopen(w->cursor_file, "r");
	if (!f) return 1;
	int ok = fgets(dst, (int)n, f) != NULL;
	fclose(f);
	if (!ok) return 1;
	dst[strcspn(dst, "\r\n")] = '\0';
	return dst[0] ? 0 : 1;
}

static int watch_disconnect(void *arg, int rc, int status, const char *message, int64_t retry_in_ms)
{
	struct sync_watch *w = arg;
	if (rc == PASSEND_ESTATUS)
		fprintf(w->ctx->err, "sync watch: %s: %s; resuming in %lld ms\n", passend_status_name(status),
		        message, (long long)retry_in_ms);
	else
		fprintf(w->ctx->err, "sync watch: %s; resuming in %lld ms\n", passend_strerror(rc),
		        (long long)retry_in_ms);
	return 0;
}

static const struct proto_column watch_cols[] = {
    {.field = "cursor"},      {.field = "kind"},      {.field = "status"},      {.field = "object_id"},
    {.field = "leerling_id"}, {.field = "school_id"}, {.field = "detail_json"},
};

static int sync_watch_handler(struct cli_ctx *ctx)
{
	struct sync_watch w = {.ctx = ctx, .cursor_file = cli_flag_value(ctx, "cursor-file")};
	passend_channel *ch;
	buf out = {0};
	int rc = cli_flag_int(ctx, "count", 0, 0, INT32_MAX, &w.count);
	if (rc) return rc;
	const char *since = cli_flag_value(ctx, "since");
	int from_now = cli_flag_bool(ctx, "from-now");
	if (since && from_now) {
		fprintf(ctx->err, "error: give --since or --from-now, not both\n");
		return CLI_EXIT_USAGE;
	}
	rc = cli_connect(ctx, &ch);
	if (rc) return rc;
	if (proto_printer_new_columns(&w.printer, ctx->g.output, &passend__v1__change__descriptor, watch_cols,
	                              sizeof watch_cols / sizeof watch_cols[0], PROTO_PRINT_STREAM, &out,
	                              ctx->out) < 0)
		return cli_oom(ctx);
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	passend_feed_opts o = {
	    .on_change = watch_change,
	    .save_cursor = watch_save,
	    .load_cursor = watch_load,
	    .on_disconnect = watch_disconnect,
	    .arg = &w,
	    .since = since,
	    .from_now = from_now,
	    .stop = &watch_stop,
	};
	rc = passend_feed_run(ch, &o);
	if (w.failed) {
		fprintf(ctx->err, "error: cannot write output\n");
		rc = CLI_EXIT_SERVER;
	} else if (rc == PASSEND_ECANCELLED || rc == 0) {
		rc = proto_printer_end(w.printer) < 0 ? CLI_EXIT_SERVER : CLI_EXIT_OK;
	} else {
		rc = cli_call_error(ctx, rc);
	}
	proto_printer_free(w.printer);
	buf_free(&out);
	return rc;
}

static const struct cli_flag sync_watch_flags[] = {
    {.name = "since", .metavar = "CURSOR", .help = "start after this cursor (default: the oldest change)"},
    {.name = "from-now", .help = "start after the newest change"},
    {.name = "cursor-file",
     .metavar = "FILE",
     .help = "read the cursor to resume from, and write it after every message"},
    {.name = "count", .metavar = "N", .help = "stop after N changes (default: follow until interrupted)"},
    {0},
};

const struct cli_cmd cli_cmd_sync_watch = {
    .name = "watch",
    .summary = "Follow the decisions you may see as they are made (change feed)",
    .description =
        "Prints one row per change (TLV decisions, arrangement decisions, MDOs): a school token sees its\n"
        "own pupils, a werkgebied token its werkgebieden, bestuur the whole tenant; toezicht cannot.\n"
        "Reconnects by itself (backoff) and resumes after the last cursor, so a restart of passendd or\n"
        "PostgreSQL loses and repeats nothing; interruptions are reported on stderr. Each row's CURSOR\n"
        "can be given to --since later; --cursor-file does that for you. Ctrl-C stops (exit 0).",
    .flags = sync_watch_flags,
    .examples = "  passend sync watch\n"
                "  passend sync watch --since 7421.1093 --output json\n"
                "  passend sync watch --cursor-file ~/.passend-cursor --output csv >> besluiten.csv\n",
    .handler = sync_watch_handler,
};
