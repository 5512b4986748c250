/* catalogue_test: the query catalogue against a freshly migrated database
 * (run by test_catalogue.sh). Every statement passendd prepares — from the
 * same service tables the server joins at start — is prepared here as the
 * server's login role, so a broken statement fails the tests instead of
 * every connection at start. Every resource method (resource.h) is checked
 * against its statement: it is in its service's table, each named
 * parameter is a request field, a value the kit gives (page_after,
 * page_limit) or one the check gives (.sets), and each result column fills
 * a field of the response of a fitting type (a paged list also returns its
 * key column).
 *   catalogue_test CONNINFO
 * Prints one line per check; exits 1 if any failed. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "passend/v1/common.pb-c.h"
#include "service.h"
#include "svc/resource.h"
#include "svc/svc.h"

static int failures, checks;

#define CHECK(cond, ...)                                                                                     \
	do {                                                                                                 \
		int ok_ = (cond);                                                                            \
		checks++;                                                                                    \
		failures += !ok_;                                                                            \
		printf("%s", ok_ ? "ok   " : "FAIL ");                                                       \
		printf(__VA_ARGS__);                                                                         \
		printf("\n");                                                                                \
	} while (0)

/* The server's services: the core's statement owners, then the areas (as
 * server/main.c joins them). */
static const service *const core_services[] = {&auth_service, &audit_service, NULL};

static PGconn *pg;

/* pg_type's category of a type ('A' array, 'D' date/time, 'N' numeric,
 * 'S' string, 'B' boolean, 'U' user: json) and its name. */
static char type_category(Oid t, char *name, size_t len)
{
	char oid[16];
	snprintf(oid, sizeof oid, "%u", t);
	const char *p[1] = {oid};
	PGresult *r = PQexecParams(pg, "SELECT typcategory, typname FROM pg_type WHERE oid = $1::oid", 1,
	                           NULL, p, NULL, NULL, 0);
	char c = '?';
	snprintf(name, len, "?");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
		c = PQgetvalue(r, 0, 0)[0];
		snprintf(name, len, "%s", PQgetvalue(r, 0, 1));
	}
	PQclear(r);
	return c;
}

/* Does a column of this type fit field f (the row mapping of res_row.h)? */
static int fits(const ProtobufCFieldDescriptor *f, Oid t, char *why, size_t len)
{
	char tn[64];
	char cat = type_category(t, tn, sizeof tn);
	const char *want = NULL;
	int json = !strcmp(tn, "json") || !strcmp(tn, "jsonb");
	if (f->type == PROTOBUF_C_TYPE_MESSAGE && f->descriptor == &passend__v1__date__descriptor)
		want = f->label == PROTOBUF_C_LABEL_REPEATED ? (cat == 'A' ? NULL : "an array of dates")
		                                             : (!strcmp(tn, "date") ? NULL : "a date");
	else if (f->type == PROTOBUF_C_TYPE_MESSAGE && f->descriptor == &passend__v1__timestamp__descriptor)
		want = f->label == PROTOBUF_C_LABEL_REPEATED
		           ? (cat == 'A' ? NULL : "an array of timestamptz")
		           : (!strcmp(tn, "timestamptz") ? NULL : "a timestamptz");
	else if (f->type == PROTOBUF_C_TYPE_MESSAGE)
		want = json ? NULL : "json or jsonb";
	else if (f->label == PROTOBUF_C_LABEL_REPEATED)
		want = cat == 'A' || json ? NULL : "an array";
	else if (f->type == PROTOBUF_C_TYPE_BOOL)
		want = cat == 'B' ? NULL : "a boolean";
	else if (f->type == PROTOBUF_C_TYPE_ENUM)
		want = cat == 'N' || cat == 'S' ? NULL : "a number or text";
	else if (f->type != PROTOBUF_C_TYPE_STRING && f->type != PROTOBUF_C_TYPE_BYTES)
		want = cat == 'N' ? NULL : "a number";
	if (want) snprintf(why, len, "is %s, field %s wants %s", tn, f->name, want);
	return want == NULL;
}

/* The one repeated message field of a List response, or NULL. */
static const ProtobufCFieldDescriptor *items_field(const ProtobufCMessageDescriptor *d)
{
	const ProtobufCFieldDescriptor *found = NULL;
	for (unsigned i = 0; i < d->n_fields; i++)
		if (d->fields[i].label == PROTOBUF_C_LABEL_REPEATED &&
		    d->fields[i].type == PROTOBUF_C_TYPE_MESSAGE) {
			if (found) return NULL;
			found = &d->fields[i];
		}
	return found;
}

static int in_table(const pg_stmt *const *stmts, const pg_stmt *st)
{
	for (; stmts && *stmts; stmts++)
		if (*stmts == st) return 1;
	return 0;
}

static void check_resource(const service *s, const res_method *m)
{
	const char *path = m->rpc.path;
	const sql_query *q = m->q;
	CHECK(q != NULL, "%s has a statement", path);
	if (!q) return;
	CHECK(in_table(s->stmts, &q->stmt), "%s: %s is in the statements of service area %s", path,
	      q->stmt.name, s->name);
	CHECK(!q->stmt.nparams || q->params, "%s: the parameters of %s are named", path, q->stmt.name);
	int paged = m->kind == RES_LIST &&
	            protobuf_c_message_descriptor_get_field_by_name(m->rpc.req_desc, "page") != NULL;
	/* parameters: a request field path, or a value the kit or the check gives */
	ProtobufCMessage *req = calloc(1, m->rpc.req_desc->sizeof_message);
	res_arena a = {0};
	m->rpc.req_desc->message_init(req);
	for (int i = 0; q->params && i < q->stmt.nparams; i++) {
		const char *name = q->params[i], *v;
		char err[300] = "";
		int ok = (paged && (!strcmp(name, "page_after") || !strcmp(name, "page_limit")));
		for (const char *const *k = m->sets; !ok && k && *k; k++)
			ok = !strcmp(*k, name);
		if (!ok) ok = res_param(&a, req, name, &v, err, sizeof err) == 0;
		CHECK(ok, "%s: $%d %s has a value %s", path, i + 1, name, err);
	}
	res_arena_free(&a);
	free(req);
	/* columns: each fills a field of the message a row becomes */
	const ProtobufCMessageDescriptor *row = m->rpc.resp_desc;
	if (m->kind == RES_LIST) {
		const ProtobufCFieldDescriptor *items = items_field(m->rpc.resp_desc);
		CHECK(items != NULL, "%s: the response has one repeated message field", path);
		if (!items) return;
		row = items->descriptor;
	}
	PGresult *d = PQdescribePrepared(pg, q->stmt.name);
	CHECK(PQresultStatus(d) == PGRES_COMMAND_OK, "%s: describe %s", path, q->stmt.name);
	int key = 0;
	for (int c = 0; c < PQnfields(d); c++) {
		const char *col = PQfname(d, c);
		key |= !strcmp(col, m->key ? m->key : "id");
		if (col[0] == '_') continue;
		const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(row, col);
		char why[200] = "";
		CHECK(f && fits(f, PQftype(d, c), why, sizeof why), "%s: column %s fills %s.%s %s", path, col,
		      row->name, col, why);
	}
	if (paged) CHECK(key, "%s: the page key column %s is returned", path, m->key ? m->key : "id");
	PQclear(d);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s CONNINFO\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	const service **services = service_join(core_services, service_areas);
	const pg_stmt **stmts = NULL;
	CHECK(services && service_stmts(services, &stmts) == 0, "the services' statements have unique names");
	pg = stmts ? PQconnectdb(argv[1]) : NULL;
	CHECK(PQstatus(pg) == CONNECTION_OK, "connected as the server's login role: %s", PQerrorMessage(pg));
	if (PQstatus(pg) != CONNECTION_OK) goto out;
	int n = 0;
	for (const pg_stmt **st = stmts; *st; st++, n++) {
		PGresult *r = PQprepare(pg, (*st)->name, (*st)->sql, (*st)->nparams, NULL);
		const char *why = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
		CHECK(PQresultStatus(r) == PGRES_COMMAND_OK, "prepare %s%s%s", (*st)->name, why ? ": " : "",
		      why ? why : "");
		PQclear(r);
	}
	CHECK(n > 40, "%d statements prepared", n);
	int nres = 0;
	for (const service **s = services; *s; s++)
		for (const rpc_method *const *m = (*s)->methods; m && *m; m++)
			if ((*m)->handler == res_handle) {
				check_resource(*s, (const res_method *)*m);
				nres++;
			}
	CHECK(nres >= 19, "%d resource methods checked", nres);
out:
	PQfinish(pg);
	free(stmts);
	free(services);
	printf("%d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
