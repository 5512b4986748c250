/* fuzz_csv: the RFC 4180 reader of the import service (server/svc/csv.c).
 * Checked: it ends; rows have 1..CSV_MAX_FIELDS fields of at most
 * CSV_MAX_FIELD_LEN bytes; line numbers never go back; and the rows read,
 * written out again fully quoted, read back as the same rows. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "svc/csv.h"

/* Append row as one fully quoted CSV line (quotes doubled). */
static void write_row(buf *out, const csv_row *row)
{
	for (size_t i = 0; i < row->nfields; i++) {
		if ((i && buf_append(out, ",", 1) != 0) || buf_append(out, "\"", 1) != 0) abort();
		for (const char *c = row->fields[i]; *c; c++)
			if ((*c == '"' && buf_append(out, "\"", 1) != 0) || buf_append(out, c, 1) != 0)
				abort();
		if (buf_append(out, "\"", 1) != 0) abort();
	}
	if (buf_append(out, "\n", 1) != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	csv_reader r;
	csv_row row;
	buf out = {0};
	int rc, ok = 1;
	long last = 0;
	size_t rows = 0;
	csv_init(&r, (const char *)data, size, 1);
	while ((rc = csv_next(&r, &row)) != 0) {
		if (rc < 0) {
			FUZZ_CHECK(rc >= CSV_E_FIELD_LEN && rc != CSV_E_NOMEM, "unknown csv error");
			FUZZ_CHECK(row.line >= last, "line numbers went back");
			ok = 0;
			continue; /* the reader went past the bad row: it must still end */
		}
		FUZZ_CHECK(row.nfields >= 1 && row.nfields <= CSV_MAX_FIELDS, "field count out of range");
		FUZZ_CHECK(row.line >= last && row.line >= 1, "line numbers went back");
		last = row.line;
		for (size_t i = 0; i < row.nfields; i++)
			FUZZ_CHECK(strlen(row.fields[i]) <= CSV_MAX_FIELD_LEN, "field too long");
		write_row(&out, &row);
		rows++;
	}
	if (ok) { /* every row read: the quoted copy reads back the same */
		csv_reader a, b;
		csv_row ra, rb;
		csv_init(&a, (const char *)data, size, 1);
		csv_init(&b, buf_avail(&out) ? (const char *)buf_rptr(&out) : "", buf_avail(&out), 1);
		for (size_t k = 0; k < rows; k++) {
			FUZZ_CHECK(csv_next(&a, &ra) == 1, "second read differs");
			FUZZ_CHECK(csv_next(&b, &rb) == 1, "quoted copy has fewer rows");
			FUZZ_CHECK(ra.nfields == rb.nfields, "quoted copy has other fields");
			for (size_t i = 0; i < ra.nfields; i++)
				FUZZ_CHECK(strcmp(ra.fields[i], rb.fields[i]) == 0,
				           "quoted copy has other text");
		}
		FUZZ_CHECK(csv_next(&b, &rb) == 0, "quoted copy has more rows");
		csv_free(&a);
		csv_free(&b);
	}
	csv_free(&r);
	buf_free(&out);
	return 0;
}
