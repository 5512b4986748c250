/* migrate: the schema migrations in sql/migrations/NNNN_name.sql, applied
 * in order, each in its own transaction, recorded with a SHA-256 checksum in
 * platform.schema_migrations. Blocking libpq: runs only from the
 * `passendd migrate` command and at start-up, never on an event loop. */
#ifndef PASSEND_MIGRATE_H
#define PASSEND_MIGRATE_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"

/* Apply every migration not yet applied, printing one line per migration to
 * out. Fails (nothing more applied) if an applied migration's checksum no
 * longer matches its file. Returns 0, or -1 with a message in err. */
__attribute__((warn_unused_result)) int migrate_run(const config *cfg, FILE *out, char *err, size_t errlen);

/* Check that the database's applied migrations equal the files exactly
 * (same numbers, same checksums). Sets *version to the highest applied.
 * Returns 0 if they match, -1 with a message naming the difference. */
__attribute__((warn_unused_result)) int migrate_check(const config *cfg, int *version, char *err,
                                                      size_t errlen);

/* Highest migration number among the files (0 if none), or -1 with err. */
__attribute__((warn_unused_result)) int migrate_files_version(const config *cfg, char *err, size_t errlen);

#endif
