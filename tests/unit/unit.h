/* unit.h: what every cmocka unit test begins and ends with: cmocka, with the
 * headers it needs included before it, and UNIT_MAIN, the main() that runs
 * the file's tests as one group. */
#ifndef PASSEND_UNIT_H
#define PASSEND_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* Defines main(): runs the tests (cmocka_unit_test(fn) and its _setup /
 * _teardown forms) as one group with the group fixtures setup and teardown
 * (NULL: none) and returns the number of failed tests. */
#define UNIT_MAIN(setup, teardown, ...)                                                                      \
	int main(void)                                                                                       \
	{                                                                                                    \
		const struct CMUnitTest tests[] = {__VA_ARGS__};                                             \
		return cmocka_run_group_tests(tests, setup, teardown);                                       \
	}

#endif
