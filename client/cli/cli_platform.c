/* cli_platform: `passend health`, `passend server info|watch` and
 * `passend version` — the server itself (grpc.health.v1 and
 * passend.v1.Platform).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* ---- passend health ---------------------------------------------------------- */

static int health_handler(struct cli_ctx *ctx)
{
	Grpc__Health__V1__HealthCheckResponse resp = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
	passend_channel *ch;
	buf out = {0};
	int status = 0, rc;
	const char *service = cli_flag_value(ctx, "service");

	rc = cli_connect(ctx, &ch);
	if (rc) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_health_check(ch, service ? service : "", &status, &opts);
	if (rc < 0) return cli_call_error(ctx, rc);

	resp.status = (Grpc__Health__V1__HealthCheckResponse__ServingStatus)status;
	if (ctx->g.output == PROTO_FMT_TABLE) {
		const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(
		    &grpc__health__v1__health_check_response__serving_status__descriptor, status);
		rc = v ? buf_printf(&out, "%s\n", v->name) : buf_printf(&out, "%d\n", status);
	} else {
		rc = proto_print_message(&out, ctx->g.output, &resp.base);
	}
	if ((rc = cli_emit(ctx, &out, rc))) return rc;
	return status == GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING ? CLI_EXIT_OK
	                                                                                  : CLI_EXIT_SERVER;
}

static const struct cli_flag health_flags[] = {
    {.name = "service", .metavar = "NAME", .help = "service to check (default: the whole server)"},
    {0},
};

const struct cli_cmd cli_cmd_health = {
    .name = "health",
    .summary = "Check whether the server is serving (grpc.health.v1)",
    .usage = "health [--service NAME] [flags]",
    .description = "Prints SERVING or NOT_SERVING. The server is SERVING while its database answers.\n"
                   "Exits 0 only when SERVING; 1 when the server answered NOT_SERVING (or another status).",
    .flags = health_flags,
    .examples = "  passend health\n"
                "  passend health --output json\n"
                "  until passend health; do sleep 1; done\n",
    .handler = health_handler,
};

/* ---- passend server info | watch -------------------------------------------- */

static int info_handler(struct cli_ctx *ctx)
{
	Passend__V1__ServerInfo *info = NULL;
	passend_channel *ch;
	int rc;

	rc = cli_connect(ctx, &ch);
	if (rc) return rc;
	passend_call_opts opts = cli_call_opts(ctx, 1, 0);
	rc = passend_platform_get_server_info(ch, &info, &opts);
	if (rc < 0) return cli_call_error(ctx, rc);
	rc = cli_print_one(ctx, &info->base);
	protobuf_c_message_free_unpacked(&info->base, NULL);
	return rc;
}

struct watch_state {
	proto_printer *printer;
	int failed;
};

static int watch_row(void *arg, const ProtobufCMessage *msg)
{
	struct watch_state *w = arg;
	if (proto_printer_row(w->printer, msg) < 0) {
		w->failed = 1;
		return 1; /* cancel the stream: we cannot print */
	}
	return 0;
}

static int watch_handler(struct cli_ctx *ctx)
{
	struct watch_state w = {0};
	passend_channel *ch;
	buf out = {0};
	int64_t count, interval;
	int rc;

	/* Syntax only: the server owns the limits (count 1-1000, interval
	 * 0-60s) and answers INVALID_ARGUMENT naming the rule. */
	rc = cli_flag_int(ctx, "count", 5, 0, INT32_MAX, &count);
	if (rc) return rc;
	rc = cli_flag_duration(ctx, "interval", 1000, 0, INT32_MAX, &interval);
	if (rc) return rc;
	rc = cli_connect(ctx, &ch);
	if (rc) return rc;
	if (proto_printer_new(&w.printer, ctx->g.output, &passend__v1__server_info__descriptor,
	                      PROTO_PRINT_STREAM, &out, ctx->out) < 0) {
		return cli_oom(ctx);
	}
	/* The deadline covers the whole stream: the timeout plus every interval. */
	passend_call_opts opts = cli_call_opts(ctx, 0, count * interval);
	rc = passend_platform_watch_server_info(ch, (int32_t)count, (int32_t)interval, watch_row, &w, &opts);
	if (w.failed) {
		fprintf(ctx->err, "error: cannot write output\n");
		rc = CLI_EXIT_SERVER;
	} else if (rc < 0) {
		rc = cli_call_error(ctx, rc);
	} else if (proto_printer_end(w.printer) < 0) {
		fprintf(ctx->err, "error: cannot write output\n");
		rc = CLI_EXIT_SERVER;
	} else {
		rc = CLI_EXIT_OK;
	}
	proto_printer_free(w.printer);
	buf_free(&out);
	return rc;
}

static const struct cli_cmd cmd_server_info = {
    .name = "info",
    .summary = "Show server version, build, uptime, database and schema version",
    .usage = "server info [flags]",
    .examples = "  passend server info\n"
                "  passend server info --output json | jq -r .databaseVersion\n",
    .handler = info_handler,
};

static const struct cli_flag watch_flags[] = {
    {.name = "count", .metavar = "N", .help = "number of messages, 1-1000 (default 5)"},
    {.name = "interval", .metavar = "DURATION", .help = "time between messages, 0-60s (default 1s)"},
    {0},
};

static const struct cli_cmd cmd_server_watch = {
    .name = "watch",
    .summary = "Stream server information at an interval (server-streaming call)",
    .usage = "server watch [--count N] [--interval DURATION] [flags]",
    .description = "Prints each message as it arrives: table rows, CSV rows, or one JSON object per line.",
    .flags = watch_flags,
    .examples = "  passend server watch --count 3 --interval 500ms\n"
                "  passend server watch --count 10 --output csv > uptime.csv\n",
    .handler = watch_handler,
};

static const struct cli_cmd *const server_subcommands[] = {&cmd_server_info, &cmd_server_watch, NULL};

const struct cli_cmd cli_cmd_server = {
    .name = "server",
    .summary = "Information about the server itself",
    .examples = "  passend server info\n"
                "  passend server watch --count 3\n",
    .subcommands = server_subcommands,
};

/* ---- passend version --------------------------------------------------------- */

static int version_handler(struct cli_ctx *ctx)
{
	static const char *const keys[] = {"version", "build", "library"};
	const char *vals[] = {PASSEND_VERSION, PASSEND_BUILD, PASSEND_VERSION_STRING};
	buf out = {0};
	int rc = 0;

	switch (ctx->g.output) {
	case PROTO_FMT_TABLE:
		rc = buf_printf(&out, "passend %s (build %s, libpassend %s)\n", vals[0], vals[1], vals[2]);
		break;
	case PROTO_FMT_JSON:
		rc = buf_printf(&out, "{\n");
		for (int i = 0; i < 3 && rc == 0; i++) {
			rc = buf_printf(&out, "  \"%s\": ", keys[i]);
			if (rc == 0) rc = proto_json_string(&out, vals[i], strlen(vals[i]));
			if (rc == 0) rc = buf_printf(&out, "%s\n", i < 2 ? "," : "");
		}
		if (rc == 0) rc = buf_printf(&out, "}\n");
		break;
	case PROTO_FMT_CSV:
		rc = buf_printf(&out, "version,build,library\n");
		for (int i = 0; i < 3 && rc == 0; i++) {
			rc = proto_csv_field(&out, vals[i], strlen(vals[i]));
			if (rc == 0) rc = buf_printf(&out, "%s", i < 2 ? "," : "\n");
		}
		break;
	}
	return cli_emit(ctx, &out, rc);
}

const struct cli_cmd cli_cmd_version = {
    .name = "version",
    .summary = "Show the client version (no server needed)",
    .usage = "version [flags]",
    .examples = "  passend version\n"
                "  passend --version\n",
    .handler = version_handler,
};
