/* proto_print: descriptor-driven printing of protobuf-c messages as JSON
 * (proto3 JSON mapping), aligned text tables and CSV (RFC 4180). No code per
 * message type: everything is read from ProtobufCMessageDescriptor. Used by
 * the CLI for every command's output; streaming lists print header then rows.
 */
#ifndef PASSEND_PROTO_PRINT_H
#define PASSEND_PROTO_PRINT_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

enum proto_format {
	PROTO_FMT_TABLE = 0,
	PROTO_FMT_JSON = 1,
	PROTO_FMT_CSV = 2,
};

/* Parse "table", "json" or "csv" (case-sensitive). Returns 0 and *out, or -1. */
__attribute__((warn_unused_result)) int proto_format_parse(const char *s, enum proto_format *out);
/* Name of a format ("table"), static string. */
const char *proto_format_name(enum proto_format f);

/* --- building blocks (all append to `out`; return 0 or -1 on out of memory) */

/* Append `s` (len bytes) as a JSON string literal with quotes: escapes '"',
 * '\\' and control characters, passes valid UTF-8 through and replaces
 * invalid UTF-8 bytes with U+FFFD. */
__attribute__((warn_unused_result)) int proto_json_string(buf *out, const char *s, size_t len);
/* Append `len` bytes as standard base64 with padding (proto3 JSON bytes). */
__attribute__((warn_unused_result)) int proto_base64(buf *out, const uint8_t *p, size_t len);
/* Append `s` as one CSV field: quoted (with quotes doubled) only when it
 * contains a comma, quote, CR or LF or starts/ends with a space. */
__attribute__((warn_unused_result)) int proto_csv_field(buf *out, const char *s, size_t len);
/* Display width of UTF-8 text in code points (continuation bytes not counted). */
size_t proto_utf8_width(const char *s, size_t len);
/* lowerCamelCase JSON name of a proto field name ("uptime_seconds" ->
 * "uptimeSeconds") into dst (size dstlen, always NUL-terminated). */
void proto_json_name(const char *field_name, char *dst, size_t dstlen);

/* Append `msg` as JSON following the proto3 JSON mapping: lowerCamelCase
 * names, 64-bit integers as strings, enums by name, bytes as base64,
 * passend.v1.Date as "YYYY-MM-DD", Timestamps as RFC 3339 UTC. Fields with
 * default values are printed too (stable keys for scripts); unset message
 * fields print null; unset oneof members are left out. indent > 0
 * pretty-prints with that many spaces per level, 0 prints one line.
 * Returns 0 or -1 (out of memory). */
__attribute__((warn_unused_result)) int proto_json_message(buf *out, const ProtobufCMessage *msg, int indent);

/* Append one message in `fmt` as a complete document: JSON pretty object
 * plus newline; table: two columns field / value (nested messages as
 * dotted names); CSV: header row and one data row. Returns 0 or -1. */
__attribute__((warn_unused_result)) int proto_print_message(buf *out, enum proto_format fmt,
                                                            const ProtobufCMessage *msg);

/* --- lists of messages of one type ------------------------------------------ */

/* Printer flags. */
enum {
	/* Rows are printed as they arrive (server streams): table column widths
	 * are fixed by the header and the first row (wider cells later push
	 * the line); JSON prints one compact object per line (JSON Lines)
	 * instead of one array. Without it, table and JSON output is held
	 * until proto_printer_end so columns fit every row. */
	PROTO_PRINT_STREAM = 1u << 0,
	/* No header row (table, CSV). */
	PROTO_PRINT_NO_HEADER = 1u << 1,
};

typedef struct proto_printer proto_printer;

/* Create a printer for messages of type `desc` writing in `fmt`. Output is
 * appended to `out` (caller-owned); when `fp` is non-NULL everything in
 * `out` is also written to fp and `out` reset after every row and at the
 * end. Returns 0 and *pp (free with proto_printer_free), or -1. */
__attribute__((warn_unused_result)) int proto_printer_new(proto_printer **pp, enum proto_format fmt,
                                                          const ProtobufCMessageDescriptor *desc,
                                                          unsigned flags, buf *out, FILE *fp);
/* A chosen column of a table or CSV list. */
struct proto_column;
/* Append the text of the cell of row m in column col. Returns 0 or -1. */
typedef int (*proto_cell_fn)(buf *out, const ProtobufCMessage *m, const struct proto_column *col);
struct proto_column {
	const char *field;  /* dotted field path ("brin", "info.version"); NULL only with text */
	const char *header; /* header as given; NULL = the field path (upper-cased in tables) */
	proto_cell_fn text; /* cell text instead of the field's value; NULL = the value */
	void *arg;          /* for text */
	size_t min_width;   /* proto_printer_fit never narrows it below this (0 = its rule) */
};

/* Like proto_printer_new, but table and CSV show exactly the ncols columns
 * of cols (a NULL cols means all fields, as proto_printer_new); JSON prints
 * whole messages. cols and everything it points to must outlive the
 * printer. Returns 0 and *pp, or -1 (out of memory, or a field path that
 * desc does not have). */
__attribute__((warn_unused_result)) int
proto_printer_new_columns(proto_printer **pp, enum proto_format fmt, const ProtobufCMessageDescriptor *desc,
                          const struct proto_column *cols, size_t ncols, unsigned flags, buf *out, FILE *fp);
/* Add one row (msg must be of the printer's type). Returns 0, or -1 (out of
 * memory, wrong message type or write error on fp). */
__attribute__((warn_unused_result)) int proto_printer_row(proto_printer *p, const ProtobufCMessage *msg);
/* Tables (not streamed): make every line at most `width` characters wide by
 * narrowing the widest columns and cutting the cells that no longer fit with
 * "…". A column keeps its header's width, its min_width, and up to 16
 * characters of its own; when that is not enough, lines stay longer.
 * 0 = no limit (the default). */
void proto_printer_fit(proto_printer *p, size_t width);
/* Finish the document: header-only table for an empty list, "]" for JSON,
 * remaining buffered rows. Returns 0 or -1. Call once. */
__attribute__((warn_unused_result)) int proto_printer_end(proto_printer *p);
/* Free the printer (not `out`). NULL is ignored. */
void proto_printer_free(proto_printer *p);

/* Append msg as the table of proto_print_message (field, value), with a row
 * for each of extra after the row of its field (header as the name, text
 * as the value): e.g. the name of a referenced object after its id.
 * Returns 0 or -1. */
__attribute__((warn_unused_result)) int proto_print_fields(buf *out, const ProtobufCMessage *msg,
                                                           const struct proto_column *extra, size_t nextra);

/* Append the value of the field at the dotted path of m as a table cell
 * shows it: enums by name, Date as YYYY-MM-DD, Timestamp as RFC 3339,
 * repeated values joined with ", ", nothing for an unset message. Returns
 * 0, or -1 (out of memory, or m has no such field). */
__attribute__((warn_unused_result)) int proto_field_text(buf *out, const ProtobufCMessage *m,
                                                         const char *path);

#endif
