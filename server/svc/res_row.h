/* res_row: rows into protobuf messages by column name, through the
 * protobuf-c descriptors, with every allocation in one arena freed after
 * the reply. A column fills the field of the same name:
 *   string            the text (SQL NULL: "")
 *   bool              t / f (true / false)
 *   integers, floats  decimal text
 *   enum              the value's name in any case (lid -> LID) or its number
 *   passend.v1.Date   a date column: YYYY-MM-DD
 *   passend.v1.Timestamp  a timestamptz column as PostgreSQL writes it
 *                     (YYYY-MM-DD HH:MM:SS[.ffffff]+HH[:MM]; the kit's one form)
 *   repeated scalars  an array column (text[], uuid[], int[]: {a,"b c"})
 *   other messages, repeated or not: a json/jsonb column whose objects name
 *                     the fields (json_build_object('from', a, 'to', b))
 * SQL NULL leaves the field at its default (a message field unset). Columns
 * whose name starts with "_" are the kit's, never a field (_invalid: the
 * statement refused the request, see resource.h); any other column without
 * a field is an error, so a typo cannot drop data silently. */
#ifndef PASSEND_RES_ROW_H
#define PASSEND_RES_ROW_H

#include <libpq-fe.h>
#include <protobuf-c/protobuf-c.h>
#include <stddef.h>

/* An arena: many allocations, one free. Starts zeroed ({0}). */
typedef struct res_arena {
	struct res_chunk *head;
} res_arena;

/* n zeroed bytes (16-byte aligned) owned by a, or NULL when out of memory. */
void *res_alloc(res_arena *a, size_t n);
/* A NUL-terminated copy of n bytes of s in a, or NULL when out of memory. */
char *res_strndup(res_arena *a, const char *s, size_t n);
/* Free everything allocated in a; a is empty again. */
void res_arena_free(res_arena *a);

/* A new message of type d in a (initialised), or NULL when out of memory. */
ProtobufCMessage *res_new_message(res_arena *a, const ProtobufCMessageDescriptor *d);
/* Fill msg (initialised) from row `row` of res by column name. Strings may
 * point into res: use msg only while res lives. Returns 0, or -1 with the
 * reason (naming the column) in err: a column without a field, a value
 * that does not fit its field, or out of memory. */
__attribute__((warn_unused_result)) int res_row_fill(res_arena *a, const PGresult *res, int row,
                                                     ProtobufCMessage *msg, char *err, size_t errlen);
/* Set one field from the text of a value (the rules above; json = 1 for a
 * json/jsonb value). Returns 0 or -1 with err. For res_row_fill and tests. */
__attribute__((warn_unused_result)) int res_field_set(res_arena *a, ProtobufCMessage *msg,
                                                      const ProtobufCFieldDescriptor *f, const char *text,
                                                      int json, char *err, size_t errlen);
/* Column index of name in res, or -1. */
int res_column(const PGresult *res, const char *name);
/* Bytes of one value of field f in a message or in its repeated array. */
size_t res_slot_size(const ProtobufCFieldDescriptor *f);
/* printf into err (errlen bytes); returns -1, for `return res_errf(...)`. */
__attribute__((format(printf, 3, 4))) int res_errf(char *err, size_t errlen, const char *fmt, ...);

#endif
