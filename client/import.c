/* import: libpassend's CSV import (passend_bestuur_import_file): reads the
 * file, sends the header with StartImport, then chunks of whole rows (about
 * 1 MiB; quoted line breaks never split) with ImportChunk, and finishes with
 * FinishImport, reporting progress through a callback. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "passend/passend.h"

#define IMPORT_CHUNK_BYTES (1u << 20)

/* End of the row starting at p (just past its line end, or end), counting
 * physical line breaks into *lines. Quoted fields may contain line breaks. */
static const char *row_end(const char *p, const char *end, long *lines)
{
	int q = 0;
	for (; p < end; p++) {
		if (*p == '"')
			q = !q;
		else if (*p == '\n') {
			(*lines)++;
			if (!q) return p + 1;
		}
	}
	return end;
}

int passend_bestuur_import_file(passend_channel *ch, int kind, const char *path, int dry_run,
                                passend_import_progress_cb progress, void *arg,
                                Passend__V1__ImportStatus **out, const passend_call_opts *opts)
{
	char *data = NULL, *name;
	size_t len;
	int rc;
	Passend__V1__ImportStatus *st = NULL;
	if (!ch || !path || !out) return PASSEND_EINVAL;
	*out = NULL;
	buf file = {0};
	if (buf_read_file(&file, path, 0) != 0) {
		buf_free(&file);
		return PASSEND_EIO;
	}
	data = (char *)file.data;
	len = file.len;
	const char *p = data, *end = data + len;
	if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
	    (unsigned char)p[2] == 0xBF)
		p += 3;
	long line = 1;
	const char *hend = row_end(p, end, &line);
	char *header = strndup(p, (size_t)(hend - p));
	if (!header) {
		free(data);
		return PASSEND_ENOMEM;
	}
	name = strrchr(path, '/');
	name = name ? name + 1 : (char *)path;

	Passend__V1__StartImportRequest sreq = PASSEND__V1__START_IMPORT_REQUEST__INIT;
	sreq.kind = kind;
	sreq.header = header;
	sreq.file_name = name;
	rc = passend_call_unary(ch, "/passend.v1.Bestuur/StartImport", &sreq.base,
	                        &passend__v1__import_status__descriptor, (ProtobufCMessage **)&st, opts);
	free(header);
	if (rc != 0) goto cleanup;
	char *id = strdup(st->import_id);
	protobuf_c_message_free_unpacked(&st->base, NULL);
	st = NULL;
	if (!id) {
		rc = PASSEND_ENOMEM;
		goto cleanup;
	}
	p = hend;
	int64_t rows = 0;
	while (p < end) {
		const char *q = p, *cut = p;
		long l = line, cut_line = line;
		int64_t nrows = 0;
		while (q < end) {
			q = row_end(q, end, &l);
			nrows++;
			cut = q;
			cut_line = l;
			if ((size_t)(q - p) >= IMPORT_CHUNK_BYTES) break;
		}
		char *rows_text = strndup(p, (size_t)(cut - p));
		if (!rows_text) {
			rc = PASSEND_ENOMEM;
			break;
		}
		Passend__V1__ImportChunkRequest creq = PASSEND__V1__IMPORT_CHUNK_REQUEST__INIT;
		creq.import_id = id;
		creq.first_line = line;
		creq.rows = rows_text;
		rc = passend_call_unary(ch, "/passend.v1.Bestuur/ImportChunk", &creq.base,
		                        &passend__v1__import_status__descriptor, (ProtobufCMessage **)&st,
		                        opts);
		free(rows_text);
		if (rc != 0) break;
		protobuf_c_message_free_unpacked(&st->base, NULL);
		st = NULL;
		rows += nrows;
		p = cut;
		line = cut_line;
		if (progress) progress(arg, (uint64_t)(p - data), (uint64_t)len, rows);
	}
	if (rc == 0) {
		Passend__V1__FinishImportRequest freq = PASSEND__V1__FINISH_IMPORT_REQUEST__INIT;
		freq.import_id = id;
		freq.dry_run = dry_run;
		rc = passend_call_unary(ch, "/passend.v1.Bestuur/FinishImport", &freq.base,
		                        &passend__v1__import_status__descriptor, (ProtobufCMessage **)&st,
		                        opts);
		if (rc == 0) {
			*out = st;
			st = NULL;
		}
	}
	free(id);
cleanup:
	if (st) protobuf_c_message_free_unpacked(&st->base, NULL);
	free(data);
	return rc;
}
