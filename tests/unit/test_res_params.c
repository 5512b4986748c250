/* Unit tests for the pure helpers of the resource kit (server/svc/resource.h):
 * update masks, paging (page size, tokens in and out) and request fields as
 * statement parameters (arrays included). No I/O. */
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#include "passend/v1/bestuur.pb-c.h"
#include "passend/v1/rapportage.pb-c.h"
#include "svc/resource.h"
#include "svc/svc_validate.h"

static const char *const known[] = {"brin", "name", "active_to", NULL};

static void test_mask_check(void **state)
{
	(void)state;
	char err[300];
	char *ok[] = {"name", "active_to"}, *bad[] = {"name", "tenant_id"};
	assert_int_equal(res_mask_check(ok, 2, known, err, sizeof err), 0);
	assert_int_equal(res_mask_check(ok, 0, known, err, sizeof err), -1);
	assert_string_equal(err, "update_mask is empty: name the fields to change (brin, name, active_to)");
	assert_int_equal(res_mask_check(bad, 2, known, err, sizeof err), -1);
	assert_string_equal(err,
	                    "update_mask: unknown field \"tenant_id\" (updatable: brin, name, active_to)");
	/* a long unknown name is cut, the message stays bounded */
	char longname[200];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	char *lng[] = {longname};
	assert_int_equal(res_mask_check(lng, 1, known, err, sizeof err), -1);
	assert_true(strlen(err) < 150);
}

static void test_mask_has(void **state)
{
	(void)state;
	char *mask[] = {"name", "active_to"};
	assert_true(res_mask_has(NULL, 0, "brin")); /* no mask (create): every field */
	assert_true(res_mask_has(mask, 2, "name"));
	assert_true(res_mask_has(mask, 2, "active_to"));
	assert_false(res_mask_has(mask, 2, "brin"));
	assert_false(res_mask_has(mask, 2, "nam"));
	assert_false(res_mask_has(mask, 0, "name"));
}

static void test_page_parse(void **state)
{
	(void)state;
	char after[40], err[200], tok[128];
	int size = -1;
	assert_int_equal(res_page_parse(NULL, 1, &size, after, sizeof after, err, sizeof err), 0);
	assert_int_equal(size, SVC_PAGE_DEFAULT);
	assert_string_equal(after, "");
	Passend__V1__PageRequest p = PASSEND__V1__PAGE_REQUEST__INIT;
	p.page_size = 7;
	assert_int_equal(res_page_parse(&p, 1, &size, after, sizeof after, err, sizeof err), 0);
	assert_int_equal(size, 7);
	p.page_size = SVC_PAGE_MAX + 1;
	assert_int_equal(res_page_parse(&p, 1, &size, after, sizeof after, err, sizeof err), -1);
	assert_string_equal(err, "page.page_size must be between 0 and 1000 (got 1001)");
	p.page_size = -1;
	assert_int_equal(res_page_parse(&p, 1, &size, after, sizeof after, err, sizeof err), -1);
	/* a token made for a page round-trips to its key */
	assert_int_equal(res_page_token(1, "123e4567-e89b-12d3-a456-426614174000", tok, sizeof tok), 0);
	assert_true(tok[0] != '\0');
	p.page_size = 0;
	p.page_token = tok;
	assert_int_equal(res_page_parse(&p, 1, &size, after, sizeof after, err, sizeof err), 0);
	assert_string_equal(after, "123e4567-e89b-12d3-a456-426614174000");
	/* a UUID token is no token of a list keyed by number, and garbage is refused */
	assert_int_equal(res_page_parse(&p, 0, &size, after, sizeof after, err, sizeof err), -1);
	assert_string_equal(err, "page.page_token is not a token from a previous page of this list");
	p.page_token = "not-a-token";
	assert_int_equal(res_page_parse(&p, 1, &size, after, sizeof after, err, sizeof err), -1);
}

static void test_page_token(void **state)
{
	(void)state;
	char tok[128];
	assert_int_equal(res_page_token(0, "123e4567-e89b-12d3-a456-426614174000", tok, sizeof tok), 0);
	assert_string_equal(tok, ""); /* the last page has no next token */
	assert_int_equal(res_page_token(1, NULL, tok, sizeof tok), 0);
	assert_string_equal(tok, "");
	assert_int_equal(res_page_token(1, "42", tok, sizeof tok), 0);
	char key[40], err[200];
	int size;
	Passend__V1__PageRequest p = PASSEND__V1__PAGE_REQUEST__INIT;
	p.page_token = tok;
	assert_int_equal(res_page_parse(&p, 0, &size, key, sizeof key, err, sizeof err), 0);
	assert_string_equal(key, "42");
}

/* A text sort key (BRIN + vestiging + id, a name and its id) round-trips
 * at any length up to SVC_PAGE_KEY_MAX; a longer one has no token. */
static void test_page_text_key(void **state)
{
	(void)state;
	static char tok[SVC_PAGE_TOKEN_MAX], key[SVC_PAGE_KEY_MAX + 1], longest[SVC_PAGE_KEY_MAX + 2];
	char err[200], small[32];
	int size;
	Passend__V1__PageRequest p = PASSEND__V1__PAGE_REQUEST__INIT;
	const char *k = "den helder\001123e4567-e89b-12d3-a456-426614174000";
	assert_int_equal(res_page_token(1, k, tok, sizeof tok), 0);
	p.page_token = tok;
	assert_int_equal(res_page_parse(&p, SVC_KEY_TEXT, &size, key, sizeof key, err, sizeof err), 0);
	assert_string_equal(key, k);
	/* a text key is no UUID */
	assert_int_equal(res_page_parse(&p, SVC_KEY_UUID, &size, key, sizeof key, err, sizeof err), -1);
	memset(longest, 'x', SVC_PAGE_KEY_MAX);
	longest[SVC_PAGE_KEY_MAX] = '\0';
	assert_int_equal(res_page_token(1, longest, tok, sizeof tok), 0);
	assert_int_equal(res_page_parse(&p, SVC_KEY_TEXT, &size, key, sizeof key, err, sizeof err), 0);
	assert_string_equal(key, longest);
	/* too long for the caller's buffer, or for a token at all */
	assert_int_equal(res_page_parse(&p, SVC_KEY_TEXT, &size, small, sizeof small, err, sizeof err), -1);
	longest[SVC_PAGE_KEY_MAX] = 'x';
	longest[SVC_PAGE_KEY_MAX + 1] = '\0';
	assert_int_equal(res_page_token(1, longest, tok, sizeof tok), -1);
	assert_string_equal(tok, "");
	assert_int_equal(res_page_token(1, k, small, sizeof small), -1);
}

static void test_params(void **state)
{
	(void)state;
	res_arena a = {0};
	char err[200];
	const char *v;
	Passend__V1__School s = PASSEND__V1__SCHOOL__INIT;
	Passend__V1__Date from = PASSEND__V1__DATE__INIT, bad = PASSEND__V1__DATE__INIT;
	Passend__V1__UpdateSchoolRequest u = PASSEND__V1__UPDATE_SCHOOL_REQUEST__INIT;
	char *mask[] = {"name", "we\"ird\\"};
	s.id = "123e4567-e89b-12d3-a456-426614174000";
	s.name = "De Kreek";
	s.soort = PASSEND__V1__SCHOOL_SOORT__SO;
	s.so_cluster = 3;
	from.year = 2022, from.month = 8, from.day = 1;
	s.active_from = &from;
	u.update_mask = mask;
	u.n_update_mask = 2;
	const ProtobufCMessage *m = &u.base;
	/* an unset message on the way: the field's default */
	assert_int_equal(res_param(&a, m, "school.name", &v, err, sizeof err), 0);
	assert_string_equal(v, "");
	assert_int_equal(res_param(&a, m, "school.so_cluster", &v, err, sizeof err), 0);
	assert_string_equal(v, "0");
	u.school = &s;
	assert_int_equal(res_param(&a, m, "school.name", &v, err, sizeof err), 0);
	assert_string_equal(v, "De Kreek");
	assert_int_equal(res_param(&a, m, "school.soort", &v, err, sizeof err), 0);
	assert_string_equal(v, "3"); /* enums by number */
	assert_int_equal(res_param(&a, m, "school.active_from", &v, err, sizeof err), 0);
	assert_string_equal(v, "2022-08-01");
	assert_int_equal(res_param(&a, m, "school.active_to", &v, err, sizeof err), 0);
	assert_string_equal(v, ""); /* unset date */
	bad.year = 2021, bad.month = 2, bad.day = 29;
	s.active_to = &bad;
	assert_int_equal(res_param(&a, m, "school.active_to", &v, err, sizeof err), -2);
	assert_string_equal(err, "school.active_to is not a valid date");
	assert_int_equal(res_param(&a, m, "update_mask", &v, err, sizeof err), 0);
	assert_string_equal(v, "{\"name\",\"we\\\"ird\\\\\"}");
	/* programming errors: no such field, no parameter form */
	assert_int_equal(res_param(&a, m, "school.colour", &v, err, sizeof err), -1);
	assert_non_null(strstr(err, "colour"));
	assert_int_equal(res_param(&a, m, "school.created_at", &v, err, sizeof err), -1);
	assert_int_equal(res_param(&a, m, "school.name.x", &v, err, sizeof err), -1);
	Passend__V1__Schoolbestuur b = PASSEND__V1__SCHOOLBESTUUR__INIT;
	b.runs_sbo = 1;
	assert_int_equal(res_param(&a, &b.base, "runs_sbo", &v, err, sizeof err), 0);
	assert_string_equal(v, "true");
	assert_int_equal(res_param(&a, &b.base, "runs_so", &v, err, sizeof err), 0);
	assert_string_equal(v, "false");
	res_arena_free(&a);
}

/* Array forms: a repeated Date as a date[] literal, "list.field" through a
 * repeated message as the array of that field of every element. */
static void test_param_arrays(void **state)
{
	(void)state;
	res_arena a = {0};
	char err[200];
	const char *v;
	Passend__V1__Date d1 = {PROTOBUF_C_MESSAGE_INIT(&passend__v1__date__descriptor), 2016, 10, 1};
	Passend__V1__Date d0 = PASSEND__V1__DATE__INIT,
	                  bad = {PROTOBUF_C_MESSAGE_INIT(&passend__v1__date__descriptor), 2017, 2, 29};
	Passend__V1__Date *dates[] = {&d1, &d0};
	Passend__V1__GetDeelnameReportRequest g = PASSEND__V1__GET_DEELNAME_REPORT_REQUEST__INIT;
	assert_int_equal(res_param(&a, &g.base, "teldata", &v, err, sizeof err), 0);
	assert_string_equal(v, "{}");
	g.teldata = dates;
	g.n_teldata = 2;
	assert_int_equal(res_param(&a, &g.base, "teldata", &v, err, sizeof err), 0);
	assert_string_equal(v, "{\"2016-10-01\",NULL}"); /* an unset element is NULL */
	dates[1] = &bad;
	assert_int_equal(res_param(&a, &g.base, "teldata", &v, err, sizeof err), -2);
	assert_string_equal(err, "teldata is not a valid date");

	Passend__V1__Expert e1 = PASSEND__V1__EXPERT__INIT, e2 = PASSEND__V1__EXPERT__INIT;
	Passend__V1__Expert *experts[] = {&e1, &e2};
	Passend__V1__RecordAdviesRequest r = PASSEND__V1__RECORD_ADVIES_REQUEST__INIT;
	assert_int_equal(res_param(&a, &r.base, "experts.name", &v, err, sizeof err), 0);
	assert_string_equal(v, "{}");
	e1.name = "A. \"Jansen\", {x}", e1.discipline = "orthopedagoog";
	e2.name = "NULL", e2.discipline = "back\\slash";
	r.experts = experts;
	r.n_experts = 2;
	assert_int_equal(res_param(&a, &r.base, "experts.name", &v, err, sizeof err), 0);
	assert_string_equal(v, "{\"A. \\\"Jansen\\\", {x}\",\"NULL\"}");
	assert_int_equal(res_param(&a, &r.base, "experts.discipline", &v, err, sizeof err), 0);
	assert_string_equal(v, "{\"orthopedagoog\",\"back\\\\slash\"}");
	/* programming errors: no such field, a path below the element's field */
	assert_int_equal(res_param(&a, &r.base, "experts.colour", &v, err, sizeof err), -1);
	assert_non_null(strstr(err, "colour"));
	assert_int_equal(res_param(&a, &r.base, "experts.name.x", &v, err, sizeof err), -1);
	assert_int_equal(res_param(&a, &r.base, "experts", &v, err, sizeof err), -1);
	res_arena_free(&a);
}

static void test_date(void **state)
{
	(void)state;
	Passend__V1__Date d = PASSEND__V1__DATE__INIT;
	assert_int_equal(res_date(NULL), 0);
	assert_int_equal(res_date(&d), 0); /* all zero: unset */
	d.year = 2024, d.month = 2, d.day = 29;
	assert_int_equal(res_date(&d), 20240229);
	d.year = 2023;
	assert_int_equal(res_date(&d), -1);
	d.year = 2021, d.month = 12, d.day = 31;
	Passend__V1__Date e = {PROTOBUF_C_MESSAGE_INIT(&passend__v1__date__descriptor), 2022, 1, 1};
	assert_true(res_date(&d) < res_date(&e)); /* comparable */
}

static void test_timestamp_param(void **state)
{
	(void)state;
	char out[RES_TIMESTAMP_LEN] = "x";
	Passend__V1__Timestamp t = PASSEND__V1__TIMESTAMP__INIT;
	assert_int_equal(res_timestamp_param(NULL, out), 0);
	assert_string_equal(out, ""); /* unset */
	assert_int_equal(res_timestamp_param(&t, out), 0);
	assert_string_equal(out, "1970-01-01 00:00:00.000000+00");
	t.seconds = 1700000000, t.nanos = 123456789; /* 2023-11-14T22:13:20Z */
	assert_int_equal(res_timestamp_param(&t, out), 0);
	assert_string_equal(out, "2023-11-14 22:13:20.123456+00");
	t.seconds = -1, t.nanos = 0;
	assert_int_equal(res_timestamp_param(&t, out), 0);
	assert_string_equal(out, "1969-12-31 23:59:59.000000+00");
	t.seconds = 253402300799LL; /* the last second of 9999 */
	assert_int_equal(res_timestamp_param(&t, out), 0);
	assert_string_equal(out, "9999-12-31 23:59:59.000000+00");
	t.seconds++;
	assert_int_equal(res_timestamp_param(&t, out), -1);
	t.seconds = -62135596801LL; /* before year 1 */
	assert_int_equal(res_timestamp_param(&t, out), -1);
	t.seconds = 0, t.nanos = 1000000000;
	assert_int_equal(res_timestamp_param(&t, out), -1);
	t.nanos = -1;
	assert_int_equal(res_timestamp_param(&t, out), -1);
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(test_mask_check), cmocka_unit_test(test_mask_has),
          cmocka_unit_test(test_page_parse), cmocka_unit_test(test_page_token),
          cmocka_unit_test(test_page_text_key), cmocka_unit_test(test_params), cmocka_unit_test(test_date),
          cmocka_unit_test(test_timestamp_param), cmocka_unit_test(test_param_arrays))
