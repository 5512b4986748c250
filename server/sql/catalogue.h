/* catalogue: one statement of the query catalogue. Every statement the
 * server sends is a named block of server/sql/<area>.sql; at build time
 * gen_catalogue turns each file into sql_<area>.c/.h in the build tree: one
 * sql_query per block (sql_<area>_<block>) and the area's NULL-terminated
 * table sql_<area>_stmts for its service description. */
#ifndef PASSEND_CATALOGUE_H
#define PASSEND_CATALOGUE_H

#include "pg_pool.h"

typedef struct sql_query {
	pg_stmt stmt;              /* prepared on every connection as "<area>_<block>" */
	const char *const *params; /* names of $1..$n (NULL-terminated) when the block names
	                            * them ("-- $1 school.id"), else NULL */
} sql_query;

#endif
