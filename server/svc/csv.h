/* csv: an RFC 4180 reader over a buffer in memory (no I/O): quoted fields
 * with commas, doubled quotes and line breaks; CRLF or LF line ends; a UTF-8
 * byte order mark at the start is skipped. Used by the import service to
 * split a chunk of CSV text into rows of fields; unit-tested on its own. */
#ifndef PASSEND_CSV_H
#define PASSEND_CSV_H

#include <stddef.h>

enum csv_err {
	CSV_OK = 0,
	CSV_E_QUOTE = -1,   /* a quoted field is not closed before the end */
	CSV_E_GARBAGE = -2, /* text after a closing quote before the separator */
	CSV_E_NOMEM = -3,
	CSV_E_FIELDS = -4,    /* more fields than CSV_MAX_FIELDS */
	CSV_E_FIELD_LEN = -5, /* one field longer than CSV_MAX_FIELD_LEN */
};

#define CSV_MAX_FIELDS    64
#define CSV_MAX_FIELD_LEN 65536

/* A reader over buf[0..len): the buffer must outlive the reader. Fields of
 * the last row are NUL-terminated copies in the reader's own storage, valid
 * until the next csv_next or csv_free. */
typedef struct csv_reader {
	const char *p, *end;
	long line;   /* physical line (1-based) of the next byte */
	char *store; /* field bytes of the current row */
	size_t store_cap;
	size_t *offs; /* field start offsets into store */
	size_t offs_cap;
	char *fields[CSV_MAX_FIELDS];
} csv_reader;

/* A row: nfields fields (at least 1), and the physical line it starts on. */
typedef struct csv_row {
	size_t nfields;
	char **fields;
	long line;
} csv_row;

/* Start reading buf[0..len); first_line is the line number of buf's first
 * byte. A leading UTF-8 BOM is skipped. */
void csv_init(csv_reader *r, const char *buf, size_t len, long first_line);
/* Read the next row into *row (blank lines are skipped). Returns 1 with a
 * row, 0 at the end of the buffer, or a negative enum csv_err (row->line
 * then names the line the bad row starts on). */
__attribute__((warn_unused_result)) int csv_next(csv_reader *r, csv_row *row);
/* Free the reader's storage (not the buffer). */
void csv_free(csv_reader *r);
/* Short English text of a csv_err. */
const char *csv_strerror(int err);

#endif
