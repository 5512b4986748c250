/* Unit tests for server/svc/res_row: rows into protobuf messages by column
 * name (strings, bools, ints, enums by name or number, dates, timestamps,
 * arrays, json message fields), on results built in memory with libpq's
 * PQmakeEmptyPGresult (no server). */
#include <libpq-fe.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "passend/v1/bestuur.pb-c.h"
#include "svc/res_row.h"

#define TEXT_OID  25
#define JSONB_OID 3802

/* A one-row result with these columns (types, values; NULL value = SQL NULL). */
static PGresult *row(int n, const char *const *names, const Oid *types, const char *const *vals)
{
	PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	PGresAttDesc att[16];
	assert_true(n <= 16);
	for (int i = 0; i < n; i++) {
		memset(&att[i], 0, sizeof att[i]);
		att[i].name = (char *)names[i];
		att[i].typid = types ? types[i] : TEXT_OID;
		att[i].typlen = -1;
		att[i].atttypmod = -1;
	}
	assert_true(PQsetResultAttrs(r, n, att));
	for (int i = 0; i < n; i++)
		assert_true(PQsetvalue(r, 0, i, (char *)vals[i], vals[i] ? (int)strlen(vals[i]) : -1));
	return r;
}

static void test_school(void **state)
{
	(void)state;
	const char *names[] = {"id",         "tenant_id",   "name",      "soort",       "so_cluster",
	                       "created_at", "active_from", "active_to", "gemeente_id", "_invalid"};
	const char *vals[] = {"u1",         "t1", "SO De Kreek", "3", "2", "2024-05-01 12:34:56.789+02",
	                      "2022-08-01", NULL, NULL,          NULL};
	PGresult *r = row(10, names, NULL, vals);
	res_arena a = {0};
	char err[300];
	Passend__V1__School *s = (void *)res_new_message(&a, &passend__v1__school__descriptor);
	assert_int_equal(res_row_fill(&a, r, 0, &s->base, err, sizeof err), 0);
	assert_string_equal(s->id, "u1");
	assert_string_equal(s->tenant_id, "t1");
	assert_string_equal(s->name, "SO De Kreek");
	assert_int_equal(s->soort, PASSEND__V1__SCHOOL_SOORT__SO);
	assert_int_equal(s->so_cluster, 2);
	assert_non_null(s->created_at);
	assert_int_equal(s->created_at->seconds, 1714559696); /* 10:34:56 UTC */
	assert_int_equal(s->created_at->nanos, 789000000);
	assert_non_null(s->active_from);
	assert_int_equal(s->active_from->year, 2022);
	assert_int_equal(s->active_from->month, 8);
	assert_int_equal(s->active_from->day, 1);
	assert_null(s->active_to);               /* NULL: unset */
	assert_string_equal(s->gemeente_id, ""); /* NULL string: proto3 default */
	res_arena_free(&a);
	PQclear(r);
}

static void test_enum_by_name_and_bools(void **state)
{
	(void)state;
	const char *names[] = {"lidmaatschap", "runs_bao", "runs_so"};
	const char *vals[] = {"aangesloten", "t", "false"};
	PGresult *r = row(3, names, NULL, vals);
	res_arena a = {0};
	char err[300];
	Passend__V1__Schoolbestuur *b = (void *)res_new_message(&a, &passend__v1__schoolbestuur__descriptor);
	assert_int_equal(res_row_fill(&a, r, 0, &b->base, err, sizeof err), 0);
	assert_int_equal(b->lidmaatschap, PASSEND__V1__LIDMAATSCHAP__AANGESLOTEN);
	assert_true(b->runs_bao);
	assert_false(b->runs_so);
	res_arena_free(&a);
	PQclear(r);
	/* a value the enum does not have, a bool that is none */
	const char *bad1[] = {"partner", "t", "f"}, *bad2[] = {"lid", "yes", "f"};
	r = row(3, names, NULL, bad1);
	b = (void *)res_new_message(&a, &passend__v1__schoolbestuur__descriptor);
	assert_int_equal(res_row_fill(&a, r, 0, &b->base, err, sizeof err), -1);
	assert_non_null(strstr(err, "column lidmaatschap"));
	PQclear(r);
	r = row(3, names, NULL, bad2);
	assert_int_equal(res_row_fill(&a, r, 0, &b->base, err, sizeof err), -1);
	assert_non_null(strstr(err, "runs_bao"));
	res_arena_free(&a);
	PQclear(r);
}

static void test_unknown_column(void **state)
{
	(void)state;
	const char *names[] = {"id", "colour"};
	const char *vals[] = {"u1", "red"};
	PGresult *r = row(2, names, NULL, vals);
	res_arena a = {0};
	char err[300];
	Passend__V1__School *s = (void *)res_new_message(&a, &passend__v1__school__descriptor);
	assert_int_equal(res_row_fill(&a, r, 0, &s->base, err, sizeof err), -1);
	assert_string_equal(err, "column colour: passend.v1.School has no field of that name");
	res_arena_free(&a);
	PQclear(r);
}

static void test_arrays_and_json(void **state)
{
	(void)state;
	const char *names[] = {"werkgebied_ids", "postcodes", "name"};
	const Oid types[] = {TEXT_OID, JSONB_OID, TEXT_OID};
	const char *vals[] = {
	    "{a1,\"b \\\"2\\\"\",NULL,c3}",
	    "[{\"from\": \"1700\", \"to\": \"1706ZZ\"}, {\"from\": \"18\\u00e9\", \"to\": null}]",
	    "Heerhugowaard"};
	PGresult *r = row(3, names, types, vals);
	res_arena a = {0};
	char err[300];
	Passend__V1__Gemeente *g = (void *)res_new_message(&a, &passend__v1__gemeente__descriptor);
	assert_int_equal(res_row_fill(&a, r, 0, &g->base, err, sizeof err), 0);
	assert_int_equal(g->n_werkgebied_ids, 3); /* the NULL element is left out */
	assert_string_equal(g->werkgebied_ids[0], "a1");
	assert_string_equal(g->werkgebied_ids[1], "b \"2\"");
	assert_string_equal(g->werkgebied_ids[2], "c3");
	assert_int_equal(g->n_postcodes, 2);
	assert_string_equal(g->postcodes[0]->from, "1700");
	assert_string_equal(g->postcodes[0]->to, "1706ZZ");
	assert_string_equal(g->postcodes[1]->from, "18\xc3\xa9");
	assert_string_equal(g->postcodes[1]->to, "");
	assert_string_equal(g->name, "Heerhugowaard");
	res_arena_free(&a);
	PQclear(r);
	/* empty array and empty json array; a repeated message needs json */
	const char *vals2[] = {"{}", "[]", "x"};
	r = row(3, names, types, vals2);
	g = (void *)res_new_message(&a, &passend__v1__gemeente__descriptor);
	assert_int_equal(res_row_fill(&a, r, 0, &g->base, err, sizeof err), 0);
	assert_int_equal(g->n_werkgebied_ids, 0);
	assert_int_equal(g->n_postcodes, 0);
	PQclear(r);
	const Oid text3[] = {TEXT_OID, TEXT_OID, TEXT_OID};
	r = row(3, names, text3, vals2);
	assert_int_equal(res_row_fill(&a, r, 0, &g->base, err, sizeof err), -1);
	assert_non_null(strstr(err, "json"));
	PQclear(r);
	/* json naming a field the message lacks */
	const char *vals3[] = {"{}", "[{\"van\": \"1700\"}]", "x"};
	r = row(3, names, types, vals3);
	assert_int_equal(res_row_fill(&a, r, 0, &g->base, err, sizeof err), -1);
	assert_non_null(strstr(err, "van"));
	res_arena_free(&a);
	PQclear(r);
}

static void test_field_forms(void **state)
{
	(void)state;
	res_arena a = {0};
	char err[300];
	const ProtobufCMessageDescriptor *d = &passend__v1__school__descriptor;
	Passend__V1__School *s = (void *)res_new_message(&a, d);
	const ProtobufCFieldDescriptor *ts = protobuf_c_message_descriptor_get_field_by_name(d, "created_at");
	const ProtobufCFieldDescriptor *so = protobuf_c_message_descriptor_get_field_by_name(d, "soort");
	const ProtobufCFieldDescriptor *cl = protobuf_c_message_descriptor_get_field_by_name(d, "so_cluster");
	const ProtobufCFieldDescriptor *af =
	    protobuf_c_message_descriptor_get_field_by_name(d, "active_from");
	assert_int_equal(res_field_set(&a, &s->base, ts, "1970-01-01 00:00:00+00", 0, err, sizeof err), 0);
	assert_int_equal(s->created_at->seconds, 0);
	assert_int_equal(res_field_set(&a, &s->base, ts, "1969-12-31 23:59:59.5-01:30", 0, err, sizeof err),
	                 0);
	assert_int_equal(s->created_at->seconds, 5399);
	assert_int_equal(s->created_at->nanos, 500000000);
	assert_int_equal(res_field_set(&a, &s->base, ts, "2024-02-29 10:00:00", 0, err, sizeof err), 0);
	assert_int_equal(s->created_at->seconds, 1709200800);
	assert_int_equal(res_field_set(&a, &s->base, ts, "yesterday", 0, err, sizeof err), -1);
	assert_int_equal(res_field_set(&a, &s->base, so, "sbo", 0, err, sizeof err), 0);
	assert_int_equal(s->soort, PASSEND__V1__SCHOOL_SOORT__SBO);
	assert_int_equal(res_field_set(&a, &s->base, so, "1", 0, err, sizeof err), 0);
	assert_int_equal(s->soort, PASSEND__V1__SCHOOL_SOORT__BAO);
	assert_int_equal(res_field_set(&a, &s->base, cl, "4x", 0, err, sizeof err), -1);
	assert_int_equal(res_field_set(&a, &s->base, cl, "99999999999", 0, err, sizeof err), -1);
	assert_int_equal(res_field_set(&a, &s->base, af, "2022-13-01", 0, err, sizeof err), -1);
	assert_int_equal(res_field_set(&a, &s->base, af, "01-08-2022", 0, err, sizeof err), -1);
	res_arena_free(&a);
}

static void test_arena(void **state)
{
	(void)state;
	res_arena a = {0};
	for (int i = 0; i < 1000; i++) {
		unsigned char *p = res_alloc(&a, (size_t)(i % 50) * 97 + 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_int_equal(p[0], 0);
	}
	assert_non_null(res_alloc(&a, 100000)); /* larger than a chunk */
	assert_string_equal(res_strndup(&a, "abcdef", 3), "abc");
	res_arena_free(&a);
	assert_null(a.head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_school),         cmocka_unit_test(test_enum_by_name_and_bools),
	    cmocka_unit_test(test_unknown_column), cmocka_unit_test(test_arrays_and_json),
	    cmocka_unit_test(test_field_forms),    cmocka_unit_test(test_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
