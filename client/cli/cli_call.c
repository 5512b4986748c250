/* cli_call: talking to passendd for every command — the channel (opened
 * once per invocation), call options, unary calls by method name on the
 * public passend_call_unary, and the messages and exit codes of failures;
 * plus writing output.
 */
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* Print "error: cannot connect to <server>: <reason>" (the library's detail
 * may already carry the first part). */
static int connect_error(struct cli_ctx *ctx, int rc)
{
	const char *detail = ctx->ch ? passend_last_error_detail(ctx->ch) : "";
	const char *reason = detail && *detail ? detail : passend_strerror(rc);

	if (rc == PASSEND_ECLOSED)
		fprintf(ctx->err, "error: connection to %s lost: %s\n", ctx->g.server, reason);
	else if (strncmp(reason, "cannot connect to ", 18) == 0)
		fprintf(ctx->err, "error: %s\n", reason);
	else
		fprintf(ctx->err, "error: cannot connect to %s: %s%s\n", ctx->g.server,
		        rc == PASSEND_ETLS && strncmp(reason, "TLS", 3) != 0 ? "TLS: " : "", reason);
	return CLI_EXIT_CONNECT;
}

int cli_connect(struct cli_ctx *ctx, passend_channel **out)
{
	passend_channel_opts opts;
	int rc;

	if (!ctx->ch) {
		if (ctx->g.ca && access(ctx->g.ca, R_OK) != 0)
			return cli_usage_error(ctx, "cannot read CA file %s: %s", ctx->g.ca, strerror(errno));
		if (!ctx->g.cert != !ctx->g.key)
			return cli_usage_error(ctx,
			                       "--cert and --key go together (client certificate for mTLS)");
		if (ctx->g.cert && access(ctx->g.cert, R_OK) != 0)
			return cli_usage_error(ctx, "cannot read certificate file %s: %s", ctx->g.cert,
			                       strerror(errno));
		if (ctx->g.key && access(ctx->g.key, R_OK) != 0)
			return cli_usage_error(ctx, "cannot read key file %s: %s", ctx->g.key,
			                       strerror(errno));
		memset(&opts, 0, sizeof(opts));
		opts.ca_file = ctx->g.ca;
		opts.client_cert = ctx->g.cert;
		opts.client_key = ctx->g.key;
		opts.token = ctx->g.token;
		opts.connect_timeout_ms = ctx->g.timeout_ms;
		rc = passend_channel_open(&ctx->ch, ctx->g.server, &opts);
		if (rc == PASSEND_EINVAL) {
			ctx->ch = NULL;
			return cli_usage_error(ctx, "invalid server address '%s' (want HOST:PORT)",
			                       ctx->g.server);
		}
		if (rc < 0) {
			ctx->ch = NULL;
			fprintf(ctx->err, "error: %s\n", passend_strerror(rc));
			return CLI_EXIT_SERVER;
		}
		rc = passend_channel_connect(ctx->ch, ctx->g.timeout_ms);
		if (rc < 0) /* any failure here, a timeout too, means we never got through */
			return rc == PASSEND_ENOMEM ? cli_call_error(ctx, rc) : connect_error(ctx, rc);
	}
	*out = ctx->ch;
	return 0;
}

passend_call_opts cli_call_opts(const struct cli_ctx *ctx, int idempotent, int64_t extra_ms)
{
	passend_call_opts o;
	memset(&o, 0, sizeof(o));
	o.timeout_ms = ctx->g.timeout_ms + extra_ms;
	o.idempotent = idempotent;
	return o;
}

int cli_call_error(struct cli_ctx *ctx, int rc)
{
	const char *msg, *detail;
	switch (rc) {
	case PASSEND_ESTATUS:
	case PASSEND_ETIMEOUT: {
		int code = ctx->ch ? passend_last_status(ctx->ch) : 0;
		msg = ctx->ch ? passend_last_message(ctx->ch) : "";
		if (code == 0) /* a deadline that passed before any status */
			code = rc == PASSEND_ETIMEOUT ? 4 : 2;
		if (rc == PASSEND_ETIMEOUT && (!msg || !*msg)) msg = "deadline exceeded (see --timeout)";
		if (msg && *msg)
			fprintf(ctx->err, "error: %s: %s\n", passend_status_name(code), msg);
		else
			fprintf(ctx->err, "error: %s\n", passend_status_name(code));
		return CLI_EXIT_SERVER;
	}
	case PASSEND_ECONNECT:
	case PASSEND_ETLS:
	case PASSEND_ECLOSED:
	case PASSEND_EIO:
		return connect_error(ctx, rc);
	case PASSEND_EINVAL:
		fprintf(ctx->err, "error: %s\n", passend_strerror(rc));
		return CLI_EXIT_USAGE;
	default:
		detail = ctx->ch ? passend_last_error_detail(ctx->ch) : "";
		if (detail && *detail)
			fprintf(ctx->err, "error: %s: %s\n", passend_strerror(rc), detail);
		else
			fprintf(ctx->err, "error: %s\n", passend_strerror(rc));
		return CLI_EXIT_SERVER;
	}
}

int cli_write(struct cli_ctx *ctx, buf *b)
{
	size_t n = buf_avail(b);
	if (n && fwrite(buf_rptr(b), 1, n, ctx->out) != n) {
		fprintf(ctx->err, "error: cannot write output: %s\n", strerror(errno));
		buf_reset(b);
		return CLI_EXIT_SERVER;
	}
	buf_reset(b);
	return 0;
}

int cli_call(struct cli_ctx *ctx, const ProtobufCServiceDescriptor *service, const char *method,
             const ProtobufCMessage *req, unsigned how, ProtobufCMessage **resp)
{
	const ProtobufCMethodDescriptor *m =
	    protobuf_c_service_descriptor_get_method_by_name(service, method);
	passend_channel *ch;
	char path[160];
	int rc;

	*resp = NULL;
	if (!m || m->input != req->descriptor) {
		fprintf(ctx->err, "error: %s has no method %s taking %s\n", service->name, method,
		        req->descriptor->name);
		return CLI_EXIT_SERVER;
	}
	snprintf(path, sizeof(path), "/%s/%s", service->name, method);
	if ((rc = cli_connect(ctx, &ch))) return rc;
	passend_call_opts opts = cli_call_opts(ctx, (how & CLI_CALL_IDEMPOTENT) != 0, 0);
	rc = passend_call_unary(ch, path, req, m->output, resp, &opts);
	if (rc < 0) return how & CLI_CALL_QUIET ? CLI_EXIT_SERVER : cli_call_error(ctx, rc);
	return 0;
}

int cli_emit(struct cli_ctx *ctx, buf *b, int built)
{
	int rc = built < 0 ? cli_oom(ctx) : cli_write(ctx, b);
	buf_free(b);
	return rc;
}

int cli_print_one(struct cli_ctx *ctx, const ProtobufCMessage *msg)
{
	buf out = {0};
	return cli_emit(ctx, &out, proto_print_message(&out, ctx->g.output, msg));
}
