/* Unit test of the request ledger's reach (docs/decisions.md D49): walks
 * the method table (every service area's methods) and checks that every
 * mutating method (ledger_mutating: all but reports and the read verbs
 * Get/List/Watch/…, idempotent writes included) goes through the
 * request ledger (rpc_method.ledger: the resource kit's handler, or a
 * handler of its own that calls ledger.h), except the few listed below with
 * the reason; and that the ledger's own checks see them as mutating. No
 * I/O. */
#include <stdio.h>
#include <string.h>
#include "unit.h"

#include "service.h"
#include "svc/ledger.h"
#include "svc/resource.h"

/* Mutating methods without the ledger, each with why. */
static const struct exempt {
	const char *path, *why;
} exempt[] = {
    {"/passend.v1.Tenancy/CreateToken",
     "the answer is the token's secret, which is never stored (D36); libpassend never retries it"},
    {"/passend.v1.Bestuur/StartImport",
     "an import is a session of its own (import_id); an abandoned batch is purged (D37)"},
    {"/passend.v1.Bestuur/ImportChunk", "part of an import session; only FinishImport writes objects"},
    {"/passend.v1.Bestuur/FinishImport", "finishes its import_id's batch once; a repeat finds it finished"},
};

static const struct exempt *exempt_of(const char *path)
{
	for (size_t i = 0; i < sizeof exempt / sizeof exempt[0]; i++)
		if (!strcmp(exempt[i].path, path)) return &exempt[i];
	return NULL;
}

static void every_mutating_method_is_ledgered(void **state)
{
	(void)state;
	int mutating = 0, missing = 0, used[sizeof exempt / sizeof exempt[0]] = {0};
	for (const service *const *s = service_areas; *s; s++)
		for (const rpc_method *const *mp = (*s)->methods; *mp; mp++) {
			const rpc_method *m = *mp;
			if (!ledger_mutating(m)) continue;
			mutating++;
			const struct exempt *e = exempt_of(m->path);
			if (e) {
				used[e - exempt] = 1;
				continue;
			}
			if (!m->ledger) {
				printf("# %s changes data but does not go through the request ledger\n",
				       m->path);
				missing++;
			}
			if (m->handler == res_handle && !m->ledger) missing++; /* RES_METHOD always sets it */
		}
	for (size_t i = 0; i < sizeof exempt / sizeof exempt[0]; i++)
		if (!used[i]) {
			printf("# exempt method %s is not a mutating method of the table (stale list)\n",
			       exempt[i].path);
			missing++;
		}
	printf("# %d mutating methods, %zu exempt\n", mutating, sizeof exempt / sizeof exempt[0]);
	assert_true(mutating > 40);
	assert_int_equal(missing, 0);
}

/* Reads (by their verb) and reports are not ledgered; writes are, also
 * the idempotent ones. */
static void mutating_is_every_write(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		int report, mutating;
	} cases[] = {
	    {"/passend.v1.Bestuur/GetSchool", 0, 0},
	    {"/passend.v1.Bestuur/ListScholen", 0, 0},
	    {"/passend.v1.Platform/WatchServerInfo", 0, 0},
	    {"/grpc.health.v1.Health/Check", 0, 0},
	    {"/passend.v1.Tenancy/WhoAmI", 0, 0},
	    {"/passend.v1.Rapportage/GetTlvReport", 1, 0},
	    {"/passend.v1.Bestuur/CreateSchool", 0, 1},
	    {"/passend.v1.Werkgebied/UpsertLijstWaarde", 0, 1},
	    {"/passend.v1.Bestuur/DeactivateSchool", 0, 1},
	    {"/passend.v1.Sync/UpsertRecords", 0, 1},
	    {"/passend.v1.Werkgebied/RecordToestemming", 0, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rpc_method m = {.path = cases[i].path, .report = cases[i].report, .idempotent = 1};
		assert_int_equal(ledger_mutating(&m), cases[i].mutating);
	}
}

UNIT_MAIN(NULL, NULL, cmocka_unit_test(every_mutating_method_is_ledgered),
          cmocka_unit_test(mutating_is_every_write))
