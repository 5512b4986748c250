/* service: joins service descriptions and gathers their statements for the
 * database pools (see service.h). Runs once at start-up. */
#include "service.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

static size_t count_services(const service *const *s)
{
	size_t n = 0;
	while (s && s[n])
		n++;
	return n;
}

const service **service_join(const service *const *a, const service *const *b)
{
	size_t na = count_services(a), nb = count_services(b);
	const service **out = calloc(na + nb + 1, sizeof *out);
	if (!out) return NULL;
	for (size_t i = 0; i < na; i++)
		out[i] = a[i];
	for (size_t i = 0; i < nb; i++)
		out[na + i] = b[i];
	return out;
}

int service_stmts(const service *const *services, const pg_stmt ***out)
{
	size_t n = 0;
	for (const service *const *s = services; s && *s; s++)
		for (const pg_stmt *const *st = (*s)->stmts; st && *st; st++)
			n++;
	const pg_stmt **all = calloc(n + 1, sizeof *all);
	if (!all) return -1;
	size_t k = 0;
	for (const service *const *s = services; s && *s; s++) {
		for (const pg_stmt *const *st = (*s)->stmts; st && *st; st++) {
			/* A prepared statement name is per connection: a second one
			 * with the same name would make every connection fail. */
			for (size_t i = 0; i < k; i++) {
				if (strcmp(all[i]->name, (*st)->name) == 0) {
					log_error("service.duplicate_statement", "service=%s statement=%s",
					          (*s)->name, (*st)->name);
					free(all);
					return -1;
				}
			}
			all[k++] = *st;
		}
	}
	*out = all;
	return 0;
}
