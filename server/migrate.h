/* migrate: the schema migrations in sql/migrations/NNNN_name.sql, applied
 * in order, each in its own transaction, recorded with a SHA-256 checksum in
 * platform.schema_migrations; and the repeatable function files in
 * sql/functions/<name>.sql, re-applied when they change (recorded in
 * platform.schema_functions). Blocking libpq: runs only from the
 * `passendd migrate` command and at start-up, never on an event loop. */
#ifndef PASSEND_MIGRATE_H
#define PASSEND_MIGRATE_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"

/* Apply every migration not yet applied, then every repeatable function
 * file (functions/<name>.sql beside the migrations directory, applied in
 * name order, CREATE OR REPLACE) that is new or changed, printing one line
 * per file to out. Fails (nothing more applied) if an applied migration's
 * checksum no longer matches its file. Returns 0, or -1 with a message in
 * err. */
__attribute__((warn_unused_result)) int migrate_run(const config *cfg, FILE *out, char *err, size_t errlen);

/* Check that the database's applied migrations and function files equal
 * the files exactly (same numbers and names, same checksums). Sets *version
 * to the highest applied migration. Returns 0 if they match, -1 with a
 * message naming the difference. */
__attribute__((warn_unused_result)) int migrate_check(const config *cfg, int *version, char *err,
                                                      size_t errlen);

/* Highest migration number among the files (0 if none), or -1 with err. */
__attribute__((warn_unused_result)) int migrate_files_version(const config *cfg, char *err, size_t errlen);

#endif
