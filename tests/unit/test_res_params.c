/* Unit tests for the pure helpers of the resource kit (server/svc/resource.h):
 * update masks, paging (page size, tokens in and out) and request fields as
 * statement parameters. No I/O. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "passend/v1/bestuur.pb-c.h"
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
	res_page_token(1, "123e4567-e89b-12d3-a456-426614174000", tok);
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
	res_page_token(0, "123e4567-e89b-12d3-a456-426614174000", tok);
	assert_string_equal(tok, ""); /* the last page has no next token */
	res_page_token(1, NULL, tok);
	assert_string_equal(tok, "");
	res_page_token(1, "42", tok);
	char key[40], err[200];
	int size;
	Passend__V1__PageRequest p = PASSEND__V1__PAGE_REQUEST__INIT;
	p.page_token = tok;
	assert_int_equal(res_page_parse(&p, 0, &size, key, sizeof key, err, sizeof err), 0);
	assert_string_equal(key, "42");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mask_check), cmocka_unit_test(test_mask_has),
	    cmocka_unit_test(test_page_parse), cmocka_unit_test(test_page_token),
	    cmocka_unit_test(test_params),     cmocka_unit_test(test_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
