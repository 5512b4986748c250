/* csv: RFC 4180 reader (see csv.h). A small state machine over the bytes of
 * one row: unquoted field, quoted field, just after a quote inside a quoted
 * field. Line breaks inside quotes are kept as they are (CRLF stays CRLF). */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

void csv_init(csv_reader *r, const char *buf, size_t len, long first_line)
{
	memset(r, 0, sizeof *r);
	r->p = buf;
	r->end = buf + len;
	r->line = first_line;
	if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
	    (unsigned char)buf[2] == 0xBF)
		r->p += 3;
}

void csv_free(csv_reader *r)
{
	free(r->store);
	free(r->offs);
	r->store = NULL;
	r->offs = NULL;
	r->store_cap = r->offs_cap = 0;
}

const char *csv_strerror(int err)
{
	switch (err) {
	case CSV_OK:
		return "ok";
	case CSV_E_QUOTE:
		return "quoted field is not closed";
	case CSV_E_GARBAGE:
		return "text after a closing quote (a quote inside a field must be doubled)";
	case CSV_E_NOMEM:
		return "out of memory";
	case CSV_E_FIELDS:
		return "too many fields";
	case CSV_E_FIELD_LEN:
		return "field too long";
	}
	return "unknown csv error";
}

/* Append byte c to the store. */
static int put(csv_reader *r, size_t *n, char c)
{
	if (*n + 1 >= r->store_cap) {
		size_t cap = r->store_cap ? r->store_cap * 2 : 256;
		char *s = realloc(r->store, cap);
		if (!s) return CSV_E_NOMEM;
		r->store = s;
		r->store_cap = cap;
	}
	r->store[(*n)++] = c;
	return 0;
}

/* Start a new field at offset n. */
static int field_start(csv_reader *r, size_t *nf, size_t n)
{
	if (*nf >= CSV_MAX_FIELDS) return CSV_E_FIELDS;
	if (*nf >= r->offs_cap) {
		size_t cap = r->offs_cap ? r->offs_cap * 2 : 16;
		size_t *o = realloc(r->offs, cap * sizeof *o);
		if (!o) return CSV_E_NOMEM;
		r->offs = o;
		r->offs_cap = cap;
	}
	r->offs[(*nf)++] = n;
	return 0;
}

/* Skip to the end of the bad row (outside quotes as far as we can tell) so
 * the caller could continue; we simply stop at the next line end. */
static void skip_line(csv_reader *r)
{
	while (r->p < r->end && *r->p != '\n')
		r->p++;
	if (r->p < r->end) {
		r->p++;
		r->line++;
	}
}

int csv_next(csv_reader *r, csv_row *row)
{
	enum { UNQUOTED, QUOTED, QUOTE_IN_QUOTED } st;
	size_t n, nf, flen;
	int rc;
again:
	if (r->p >= r->end) return 0;
	/* blank line: LF or CRLF alone */
	if (*r->p == '\n' || (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')) {
		r->p += *r->p == '\r' ? 2 : 1;
		r->line++;
		goto again;
	}
	row->line = r->line;
	n = nf = flen = 0;
	if ((rc = field_start(r, &nf, 0)) != 0) return rc;
	st = UNQUOTED;
	int at_field_start = 1;
	while (r->p < r->end) {
		char c = *r->p++;
		switch (st) {
		case UNQUOTED:
			if (c == '"' && at_field_start) {
				st = QUOTED;
				at_field_start = 0;
				continue;
			}
			at_field_start = 0;
			if (c == ',') {
				if ((rc = put(r, &n, '\0')) != 0) return rc;
				if ((rc = field_start(r, &nf, n)) != 0) goto bad;
				at_field_start = 1;
				flen = 0;
				continue;
			}
			if (c == '\r' && r->p < r->end && *r->p == '\n') continue; /* CRLF: the LF ends it */
			if (c == '\n') {
				r->line++;
				goto done;
			}
			break;
		case QUOTED:
			if (c == '"') {
				st = QUOTE_IN_QUOTED;
				continue;
			}
			if (c == '\n') r->line++;
			break;
		case QUOTE_IN_QUOTED:
			if (c == '"') { /* doubled quote */
				st = QUOTED;
				break;
			}
			st = UNQUOTED;
			r->p--; /* re-read c as after a field */
			c = *r->p;
			if (c == ',' || c == '\n' || (c == '\r' && r->p + 1 < r->end && r->p[1] == '\n') ||
			    (c == '\r' && r->p + 1 == r->end))
				continue;
			rc = CSV_E_GARBAGE;
			goto bad;
		}
		if (++flen > CSV_MAX_FIELD_LEN) {
			rc = CSV_E_FIELD_LEN;
			goto bad;
		}
		if ((rc = put(r, &n, c)) != 0) return rc;
	}
	if (st == QUOTED) return CSV_E_QUOTE;
	/* a lone CR at the very end of the buffer is a line end, not data */
	if (st == UNQUOTED && n > 0 && r->store[n - 1] == '\r' && (nf == 0 || r->offs[nf - 1] < n)) n--;
done:
	if ((rc = put(r, &n, '\0')) != 0) return rc;
	for (size_t i = 0; i < nf; i++)
		r->fields[i] = r->store + r->offs[i];
	row->nfields = nf;
	row->fields = r->fields;
	return 1;
bad:
	skip_line(r);
	return rc;
}
