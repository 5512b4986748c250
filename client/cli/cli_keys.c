/* cli_keys: objects named as a person knows them. A school is 00LH or
 * 00LH00, a bestuur its bevoegd-gezagnummer, a werkgebied or gemeente its
 * name (case-insensitive); a UUID is an id as it is. Keys are resolved on
 * the client through the object's List call, every page of it, fetched once
 * per invocation and kept (cli_lookup) — the same rows name the references
 * in list tables. An unknown or ambiguous key is a usage error that names
 * the candidates.
 */
#include "uuid.h"
#include "cli_resource.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_CANDIDATES 8

int cli_key_text(buf *out, const ProtobufCMessage *m, const char *tmpl)
{
	for (const char *p = tmpl; *p;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (!close) {
			if (buf_append(out, p, 1) < 0) return -1;
			p++;
			continue;
		}
		char path[64];
		size_t len = (size_t)(close - p - 1);
		if (len == 0 || len >= sizeof(path)) return -1;
		memcpy(path, p + 1, len);
		path[len] = '\0';
		if (proto_field_text(out, m, path) < 0) return -1;
		p = close + 1;
	}
	return 0;
}

/* Whether row m's key by template tmpl equals key, case-insensitively. */
static int key_matches(const ProtobufCMessage *m, const char *tmpl, const char *key)
{
	buf b = {0};
	int eq = cli_key_text(&b, m, tmpl) == 0 && buf_append(&b, "", 1) == 0 &&
	         strcasecmp((const char *)buf_rptr(&b), key) == 0;
	buf_free(&b);
	return eq;
}

size_t cli_key_find(const struct cli_resource *res, const ProtobufCMessage *const *rows, size_t n,
                    const char *key, size_t *match, size_t cap)
{
	for (size_t k = 0; k < sizeof(res->keys) / sizeof(res->keys[0]) && res->keys[k]; k++) {
		size_t found = 0;
		for (size_t i = 0; i < n; i++)
			if (key_matches(rows[i], res->keys[k], key)) {
				if (found < cap) match[found] = i;
				found++;
			}
		if (found) return found;
	}
	return 0;
}

/* ---- lookups ------------------------------------------------------------------------ */

static void lookup_clear(struct cli_lookup *lk)
{
	for (size_t i = 0; i < lk->npages; i++)
		protobuf_c_message_free_unpacked(lk->pages[i], NULL);
	free(lk->pages);
	free(lk->rows);
	lk->pages = NULL;
	lk->rows = NULL;
	lk->npages = lk->nrows = 0;
}

void cli_lookups_free(struct cli_ctx *ctx)
{
	for (int i = 0; i < ctx->nlookups; i++)
		lookup_clear(&ctx->lookups[i]);
	ctx->nlookups = 0;
}

/* Fetch every row of lk->res into lk. Returns 0 or an exit code. */
static int lookup_fetch(struct cli_ctx *ctx, struct cli_lookup *lk, int quiet)
{
	const struct cli_resource *res = lk->res;
	const char *method = cli_res_list_method(res);
	const ProtobufCMethodDescriptor *m =
	    method ? protobuf_c_service_descriptor_get_method_by_name(res->service, method) : NULL;
	struct cli_pager pg;
	ProtobufCMessage *req, *resp;
	int rc;

	if (!m) {
		fprintf(ctx->err, "error: %s cannot be listed\n", res->cmd.name);
		return CLI_EXIT_SERVER;
	}
	if (!(req = cli_msg_new(m->input))) return cli_oom(ctx);
	if (res->list_all) {
		ProtobufCMessage *owner;
		const ProtobufCFieldDescriptor *fd = cli_msg_field(req, res->list_all, 1, &owner);
		if (fd && fd->type == PROTOBUF_C_TYPE_BOOL)
			*(protobuf_c_boolean *)((char *)owner + fd->offset) = 1;
	}
	rc = cli_pager_init(&pg, ctx, res->service, method, req, cli_res_item(res), 1000);
	pg.quiet = quiet;
	while (rc == 0 && (rc = cli_pager_next(&pg, &resp)) == 0 && resp) {
		size_t n;
		ProtobufCMessage *const *rows = cli_pager_rows(&pg, resp, &n);
		ProtobufCMessage **pages = realloc(lk->pages, (lk->npages + 1) * sizeof(*pages));
		const ProtobufCMessage **all =
		    pages ? realloc(lk->rows, (lk->nrows + n + 1) * sizeof(*all)) : NULL;
		if (pages) lk->pages = pages;
		if (!pages || !all) {
			protobuf_c_message_free_unpacked(resp, NULL);
			rc = quiet ? CLI_EXIT_SERVER : cli_oom(ctx);
			break;
		}
		lk->rows = all;
		lk->pages[lk->npages++] = resp;
		for (size_t i = 0; i < n; i++)
			lk->rows[lk->nrows++] = rows[i];
	}
	cli_pager_free(&pg);
	protobuf_c_message_free_unpacked(req, NULL);
	return rc;
}

int cli_lookup(struct cli_ctx *ctx, const struct cli_resource *res, int quiet, struct cli_lookup **out)
{
	struct cli_lookup *lk = NULL;
	for (int i = 0; i < ctx->nlookups; i++)
		if (ctx->lookups[i].res == res) lk = &ctx->lookups[i];
	if (!lk) {
		if (ctx->nlookups == CLI_MAX_LOOKUPS) return quiet ? CLI_EXIT_SERVER : cli_oom(ctx);
		lk = &ctx->lookups[ctx->nlookups++];
		memset(lk, 0, sizeof(*lk));
		lk->res = res;
		lk->rc = lookup_fetch(ctx, lk, quiet);
		if (lk->rc) lookup_clear(lk);
	} else if (lk->rc && !quiet) {
		/* A quiet fetch failed before: try again and say why this time. */
		lk->rc = lookup_fetch(ctx, lk, 0);
		if (lk->rc) lookup_clear(lk);
	}
	*out = lk;
	return lk->rc;
}

/* "00LH00 De Regenboog (id …)" for candidate m into b. */
static int candidate_text(buf *b, const struct cli_resource *res, const ProtobufCMessage *m)
{
	size_t start = buf_avail(b);
	if (cli_key_text(b, m, res->keys[0]) < 0) return -1;
	size_t klen = buf_avail(b) - start;
	if (res->label) {
		buf l = {0};
		int same = cli_key_text(&l, m, res->label) == 0 && buf_avail(&l) == klen &&
		           memcmp(buf_rptr(&l), buf_rptr(b) + start, klen) == 0;
		int rc = same || buf_avail(&l) == 0
		             ? 0
		             : buf_printf(b, " %.*s", (int)buf_avail(&l), (const char *)buf_rptr(&l));
		buf_free(&l);
		if (rc < 0) return -1;
	}
	if (buf_printf(b, " (id ") < 0 || proto_field_text(b, m, "id") < 0 || buf_printf(b, ")") < 0)
		return -1;
	return 0;
}

int cli_resolve(struct cli_ctx *ctx, const struct cli_resource *res, const char *key, char **id)
{
	struct cli_lookup *lk;
	size_t match[MAX_CANDIDATES];
	int rc;

	*id = NULL;
	if (uuid_is_valid(key)) return (*id = strdup(key)) ? 0 : cli_oom(ctx);
	if ((rc = cli_lookup(ctx, res, 0, &lk))) return rc;
	size_t n = cli_key_find(res, lk->rows, lk->nrows, key, match, MAX_CANDIDATES);
	if (n == 0) {
		char path[128];
		return cli_usage_error(ctx, "no %s '%s' (a %s is named by %s; see 'passend %s list')",
		                       res->cmd.name, key, res->cmd.name, res->names,
		                       cli_res_path(ctx, res, path, sizeof(path)));
	}
	if (n == 1) {
		buf b = {0};
		if (proto_field_text(&b, lk->rows[match[0]], "id") < 0 || buf_append(&b, "", 1) < 0) {
			buf_free(&b);
			return cli_oom(ctx);
		}
		*id = strdup((const char *)buf_rptr(&b));
		buf_free(&b);
		return *id ? 0 : cli_oom(ctx);
	}
	buf b = {0};
	for (size_t i = 0; i < n && i < MAX_CANDIDATES; i++)
		if ((i && buf_printf(&b, ", ") < 0) || candidate_text(&b, res, lk->rows[match[i]]) < 0) {
			buf_free(&b);
			return cli_oom(ctx);
		}
	rc = cli_usage_error(
	    ctx, "'%s' is ambiguous, it names %zu: %.*s%s; name one more exactly, or give its id", key, n,
	    (int)buf_avail(&b), (const char *)buf_rptr(&b), n > MAX_CANDIDATES ? ", …" : "");
	buf_free(&b);
	return rc;
}
