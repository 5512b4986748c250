/* proto_print: JSON (proto3 mapping), table and CSV output for any protobuf-c
 * message, driven by its descriptors (see proto_print.h). Table and CSV
 * flatten nested messages into dotted columns ("started_at" stays one
 * column because Date and Timestamp print as one value).
 */
#include "proto_print.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TRY(x)                                                                                               \
	do {                                                                                                 \
		if ((x) < 0) return -1;                                                                      \
	} while (0)

/* Nesting beyond this many levels is printed as compact JSON in one cell. */
#define COL_MAX_DEPTH 4

int proto_format_parse(const char *s, enum proto_format *out)
{
	if (!s) return -1;
	if (strcmp(s, "table") == 0)
		*out = PROTO_FMT_TABLE;
	else if (strcmp(s, "json") == 0)
		*out = PROTO_FMT_JSON;
	else if (strcmp(s, "csv") == 0)
		*out = PROTO_FMT_CSV;
	else
		return -1;
	return 0;
}

const char *proto_format_name(enum proto_format f)
{
	switch (f) {
	case PROTO_FMT_TABLE:
		return "table";
	case PROTO_FMT_JSON:
		return "json";
	case PROTO_FMT_CSV:
		return "csv";
	}
	return "?";
}

/* ---- text building blocks ------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t cp;
	if (c < 0x80) return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (len < n) return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Reject overlong forms, surrogates and code points past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int proto_json_string(buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	TRY(buf_append(out, "\"", 1));
	size_t i = 0;
	while (i < len) {
		unsigned char c = p[i];
		if (c >= 0x80) {
			size_t n = utf8_seq(p + i, len - i);
			if (n == 0) {
				TRY(buf_append(out, "\\ufffd", 6));
				i++;
			} else {
				TRY(buf_append(out, p + i, n));
				i += n;
			}
			continue;
		}
		switch (c) {
		case '"':
			TRY(buf_append(out, "\\\"", 2));
			break;
		case '\\':
			TRY(buf_append(out, "\\\\", 2));
			break;
		case '\b':
			TRY(buf_append(out, "\\b", 2));
			break;
		case '\f':
			TRY(buf_append(out, "\\f", 2));
			break;
		case '\n':
			TRY(buf_append(out, "\\n", 2));
			break;
		case '\r':
			TRY(buf_append(out, "\\r", 2));
			break;
		case '\t':
			TRY(buf_append(out, "\\t", 2));
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				TRY(buf_printf(out, "\\u%04x", c));
			else
				TRY(buf_append(out, &c, 1));
		}
		i++;
	}
	return buf_append(out, "\"", 1);
}

int proto_base64(buf *out, const uint8_t *p, size_t len)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char q[4];
	size_t i = 0;
	for (; i + 3 <= len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		q[0] = tab[v >> 18];
		q[1] = tab[(v >> 12) & 63];
		q[2] = tab[(v >> 6) & 63];
		q[3] = tab[v & 63];
		TRY(buf_append(out, q, 4));
	}
	if (len - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;
		q[0] = tab[v >> 18];
		q[1] = tab[(v >> 12) & 63];
		q[2] = q[3] = '=';
		TRY(buf_append(out, q, 4));
	} else if (len - i == 2) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		q[0] = tab[v >> 18];
		q[1] = tab[(v >> 12) & 63];
		q[2] = tab[(v >> 6) & 63];
		q[3] = '=';
		TRY(buf_append(out, q, 4));
	}
	return 0;
}

int proto_csv_field(buf *out, const char *s, size_t len)
{
	int quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
	for (size_t i = 0; i < len && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n') quote = 1;
	if (!quote) return buf_append(out, s, len);
	TRY(buf_append(out, "\"", 1));
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			TRY(buf_append(out, "\"\"", 2));
		else
			TRY(buf_append(out, s + i, 1));
	}
	return buf_append(out, "\"", 1);
}

size_t proto_utf8_width(const char *s, size_t len)
{
	size_t w = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80) w++;
	return w;
}

void proto_json_name(const char *name, char *dst, size_t dstlen)
{
	size_t j = 0;
	int upper = 0;
	if (dstlen == 0) return;
	for (const char *p = name; *p && j + 1 < dstlen; p++) {
		if (*p == '_') {
			upper = 1;
			continue;
		}
		char c = *p;
		if (upper && c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
		upper = 0;
		dst[j++] = c;
	}
	dst[j] = '\0';
}

/* ---- field access ---------------------------------------------------------- */

static const void *field_ptr(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	return (const char *)m + f->offset;
}

/* Number of values a field holds: the element count for repeated fields;
 * for singular fields 1, or 0 when it has explicit presence and is unset. */
static size_t field_count(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	const char *base = (const char *)m;
	if (f->label == PROTOBUF_C_LABEL_REPEATED) return *(const size_t *)(base + f->quantifier_offset);
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		return *(const uint32_t *)(base + f->quantifier_offset) == f->id;
	if (f->type == PROTOBUF_C_TYPE_MESSAGE) return *(ProtobufCMessage *const *)(base + f->offset) != NULL;
	if (f->label == PROTOBUF_C_LABEL_OPTIONAL) {
		if (f->type == PROTOBUF_C_TYPE_STRING) return *(char *const *)(base + f->offset) != NULL;
		return *(const protobuf_c_boolean *)(base + f->quantifier_offset) != 0;
	}
	return 1;
}

static size_t type_size(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		return 4;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return 8;
	case PROTOBUF_C_TYPE_FLOAT:
		return sizeof(float);
	case PROTOBUF_C_TYPE_DOUBLE:
		return sizeof(double);
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_ENUM:
		return sizeof(int);
	case PROTOBUF_C_TYPE_STRING:
		return sizeof(char *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(ProtobufCMessage *);
	}
	return 0;
}

/* Pointer to value number i of a field (the field itself when singular). */
static const void *elem_ptr(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, size_t i)
{
	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		const char *arr = *(const char *const *)field_ptr(m, f);
		return arr + i * type_size(f->type);
	}
	return field_ptr(m, f);
}

static int is_date(const ProtobufCMessageDescriptor *d)
{
	return strcmp(d->name, "passend.v1.Date") == 0;
}

static int is_timestamp(const ProtobufCMessageDescriptor *d)
{
	return strcmp(d->name, "passend.v1.Timestamp") == 0 ||
	       strcmp(d->name, "google.protobuf.Timestamp") == 0;
}

/* Integer field `name` of a message (0 when absent), for Date/Timestamp. */
static int64_t int_field(const ProtobufCMessage *m, const char *name)
{
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name);
	if (!f || f->label == PROTOBUF_C_LABEL_REPEATED) return 0;
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		return *(const int32_t *)field_ptr(m, f);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		return *(const int64_t *)field_ptr(m, f);
	default:
		return 0;
	}
}

/* Date as "YYYY-MM-DD"; nothing for the all-zero (unset) date. */
static int date_text(buf *out, const ProtobufCMessage *m)
{
	int64_t y = int_field(m, "year"), mo = int_field(m, "month"), d = int_field(m, "day");
	if (y == 0 && mo == 0 && d == 0) return 0;
	return buf_printf(out, "%04lld-%02lld-%02lld", (long long)y, (long long)mo, (long long)d);
}

/* Timestamp as RFC 3339 UTC with 0, 3, 6 or 9 fraction digits. */
static int timestamp_text(buf *out, const ProtobufCMessage *m)
{
	int64_t secs = int_field(m, "seconds"), nanos = int_field(m, "nanos");
	time_t t = (time_t)secs;
	struct tm tm;
	if ((int64_t)t != secs || !gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 1)
		return buf_printf(out, "%lld", (long long)secs); /* outside RFC 3339 range */
	TRY(buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	               tm.tm_hour, tm.tm_min, tm.tm_sec));
	if (nanos > 0 && nanos < 1000000000) {
		if (nanos % 1000000 == 0)
			TRY(buf_printf(out, ".%03lld", (long long)(nanos / 1000000)));
		else if (nanos % 1000 == 0)
			TRY(buf_printf(out, ".%06lld", (long long)(nanos / 1000)));
		else
			TRY(buf_printf(out, ".%09lld", (long long)nanos));
	}
	return buf_append(out, "Z", 1);
}

/* Shortest decimal that reads back as the same value; NaN and infinities by
 * their proto3 JSON names. quoted: wrap those names in quotes (JSON). */
static int double_text(buf *out, double v, int is_float, int quoted)
{
	const char *special = NULL;
	if (isnan(v))
		special = "NaN";
	else if (isinf(v))
		special = v > 0 ? "Infinity" : "-Infinity";
	if (special) return quoted ? buf_printf(out, "\"%s\"", special) : buf_printf(out, "%s", special);
	char tmp[64];
	for (int prec = is_float ? 6 : 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
		double back = strtod(tmp, NULL);
		if (is_float ? (float)back == (float)v : back == v) break;
	}
	return buf_printf(out, "%s", tmp);
}

static int enum_text(buf *out, const ProtobufCFieldDescriptor *f, int v, int quoted)
{
	const ProtobufCEnumValue *ev =
	    f->descriptor ? protobuf_c_enum_descriptor_get_value(f->descriptor, v) : NULL;
	if (!ev) return buf_printf(out, "%d", v); /* unknown value: its number, as proto3 JSON does */
	return quoted ? proto_json_string(out, ev->name, strlen(ev->name)) : buf_printf(out, "%s", ev->name);
}

/* Scalar (non-message) value at p. json: JSON token; otherwise plain text. */
static int scalar_text(buf *out, const ProtobufCFieldDescriptor *f, const void *p, int json)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		return buf_printf(out, "%d", (int)*(const int32_t *)p);
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		return buf_printf(out, "%u", (unsigned)*(const uint32_t *)p);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		return buf_printf(out, json ? "\"%lld\"" : "%lld", (long long)*(const int64_t *)p);
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return buf_printf(out, json ? "\"%llu\"" : "%llu", (unsigned long long)*(const uint64_t *)p);
	case PROTOBUF_C_TYPE_FLOAT:
		return double_text(out, *(const float *)p, 1, json);
	case PROTOBUF_C_TYPE_DOUBLE:
		return double_text(out, *(const double *)p, 0, json);
	case PROTOBUF_C_TYPE_BOOL:
		return buf_printf(out, "%s", *(const protobuf_c_boolean *)p ? "true" : "false");
	case PROTOBUF_C_TYPE_ENUM:
		return enum_text(out, f, *(const int *)p, json);
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(char *const *)p;
		if (!s) s = "";
		return json ? proto_json_string(out, s, strlen(s)) : buf_append(out, s, strlen(s));
	}
	case PROTOBUF_C_TYPE_BYTES: {
		const ProtobufCBinaryData *b = p;
		if (json) TRY(buf_append(out, "\"", 1));
		TRY(proto_base64(out, b->data, b->len));
		return json ? buf_append(out, "\"", 1) : 0;
	}
	case PROTOBUF_C_TYPE_MESSAGE:
		break;
	}
	return -1;
}

/* ---- JSON ------------------------------------------------------------------ */

static int json_msg(buf *out, const ProtobufCMessage *m, int indent, int level);

static int json_newline(buf *out, int indent, int level)
{
	if (indent <= 0) return 0;
	return buf_printf(out, "\n%*s", indent * level, "");
}

/* One JSON value of field f stored at p. */
static int json_value(buf *out, const ProtobufCFieldDescriptor *f, const void *p, int indent, int level)
{
	if (f->type != PROTOBUF_C_TYPE_MESSAGE) return scalar_text(out, f, p, 1);
	const ProtobufCMessage *sub = *(ProtobufCMessage *const *)p;
	if (!sub) return buf_append(out, "null", 4);
	if (is_date(sub->descriptor)) {
		size_t before = out->len;
		TRY(buf_append(out, "\"", 1));
		TRY(date_text(out, sub));
		if (out->len == before + 1) { /* unset date */
			out->len = before;
			return buf_append(out, "null", 4);
		}
		return buf_append(out, "\"", 1);
	}
	if (is_timestamp(sub->descriptor)) {
		TRY(buf_append(out, "\"", 1));
		TRY(timestamp_text(out, sub));
		return buf_append(out, "\"", 1);
	}
	return json_msg(out, sub, indent, level);
}

static int json_msg(buf *out, const ProtobufCMessage *m, int indent, int level)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const char *colon = indent > 0 ? ": " : ":";
	int first = 1;
	char name[256];

	TRY(buf_append(out, "{", 1));
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		size_t n = field_count(m, f);
		int repeated = f->label == PROTOBUF_C_LABEL_REPEATED;
		/* Absent oneof members and unset optional scalars are left out;
		 * an unset singular message prints null. */
		if (!repeated && n == 0 && f->type != PROTOBUF_C_TYPE_MESSAGE) continue;
		if (!repeated && n == 0 && (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)) continue;
		if (!first) TRY(buf_append(out, ",", 1));
		first = 0;
		TRY(json_newline(out, indent, level + 1));
		proto_json_name(f->name, name, sizeof(name));
		TRY(proto_json_string(out, name, strlen(name)));
		TRY(buf_printf(out, "%s", colon));
		if (!repeated) {
			TRY(json_value(out, f, field_ptr(m, f), indent, level + 1));
			continue;
		}
		TRY(buf_append(out, "[", 1));
		for (size_t j = 0; j < n; j++) {
			if (j > 0) TRY(buf_append(out, ",", 1));
			TRY(json_newline(out, indent, level + 2));
			TRY(json_value(out, f, elem_ptr(m, f, j), indent, level + 2));
		}
		if (n > 0) TRY(json_newline(out, indent, level + 1));
		TRY(buf_append(out, "]", 1));
	}
	if (!first) TRY(json_newline(out, indent, level));
	return buf_append(out, "}", 1);
}

int proto_json_message(buf *out, const ProtobufCMessage *msg, int indent)
{
	return json_msg(out, msg, indent, 0);
}

/* ---- columns (table and CSV) ----------------------------------------------- */

struct col {
	const ProtobufCFieldDescriptor *path[COL_MAX_DEPTH];
	int depth;
	char *name;                      /* header: dotted proto field names, or the chosen header */
	const struct proto_column *spec; /* chosen column (proto_printer_new_columns), or NULL */
};

struct cols {
	struct col *v;
	size_t n, cap;
};

static void cols_free(struct cols *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].name);
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

static int cols_add(struct cols *c, const ProtobufCFieldDescriptor *const *path, int depth)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct col *v = realloc(c->v, cap * sizeof(*v));
		if (!v) return -1;
		c->v = v;
		c->cap = cap;
	}
	struct col *col = &c->v[c->n];
	buf name = {0};
	for (int i = 0; i < depth; i++) {
		col->path[i] = path[i];
		if (buf_printf(&name, i ? ".%s" : "%s", path[i]->name) < 0) {
			buf_free(&name);
			return -1;
		}
	}
	col->depth = depth;
	col->spec = NULL;
	col->name = buf_strdup(&name);
	buf_free(&name);
	if (!col->name) return -1;
	c->n++;
	return 0;
}

/* A singular message field that is neither Date nor Timestamp becomes its
 * own fields' columns; everything else is one column. */
static int cols_build(struct cols *c, const ProtobufCMessageDescriptor *d,
                      const ProtobufCFieldDescriptor **path, int depth)
{
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		path[depth] = f;
		const ProtobufCMessageDescriptor *sub =
		    f->type == PROTOBUF_C_TYPE_MESSAGE ? f->descriptor : NULL;
		if (sub && f->label != PROTOBUF_C_LABEL_REPEATED && !is_date(sub) && !is_timestamp(sub) &&
		    sub->n_fields > 0 && depth + 1 < COL_MAX_DEPTH) {
			TRY(cols_build(c, sub, path, depth + 1));
			continue;
		}
		TRY(cols_add(c, path, depth + 1));
	}
	return 0;
}

/* Resolve the dotted field path of desc into col (depth and descriptors).
 * Returns 0, or -1 when a name is unknown, a non-final part is not a
 * singular message, or the path is too deep. */
static int col_resolve(struct col *col, const ProtobufCMessageDescriptor *desc, const char *path)
{
	col->depth = 0;
	while (desc) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);
		char name[64];
		if (len == 0 || len >= sizeof(name) || col->depth == COL_MAX_DEPTH) return -1;
		memcpy(name, path, len);
		name[len] = '\0';
		const ProtobufCFieldDescriptor *f =
		    protobuf_c_message_descriptor_get_field_by_name(desc, name);
		if (!f) return -1;
		col->path[col->depth++] = f;
		if (!dot) return 0;
		if (f->type != PROTOBUF_C_TYPE_MESSAGE || f->label == PROTOBUF_C_LABEL_REPEATED) return -1;
		desc = f->descriptor;
		path = dot + 1;
	}
	return -1;
}

/* Append col (c owns its name from then on). Returns 0 or -1. */
static int cols_push(struct cols *c, const struct col *col)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct col *v = realloc(c->v, cap * sizeof(*v));
		if (!v) return -1;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = *col;
	return 0;
}

/* Add the chosen column spec to c. Returns 0 or -1. */
static int cols_add_spec(struct cols *c, const ProtobufCMessageDescriptor *desc,
                         const struct proto_column *spec)
{
	struct col col = {0};
	if (spec->field && col_resolve(&col, desc, spec->field) < 0) return -1;
	const char *header = spec->header ? spec->header : spec->field;
	if ((!spec->field && !spec->text) || !header) return -1;
	col.spec = spec;
	col.name = strdup(header);
	if (!col.name) return -1;
	if (cols_push(c, &col) == 0) return 0;
	free(col.name);
	return -1;
}

/* Text of one value for a cell (no escaping). */
static int cell_value(buf *out, const ProtobufCFieldDescriptor *f, const void *p)
{
	if (f->type != PROTOBUF_C_TYPE_MESSAGE) return scalar_text(out, f, p, 0);
	const ProtobufCMessage *sub = *(ProtobufCMessage *const *)p;
	if (!sub) return 0;
	if (is_date(sub->descriptor)) return date_text(out, sub);
	if (is_timestamp(sub->descriptor)) return timestamp_text(out, sub);
	return json_msg(out, sub, 0, 0);
}

/* Text of column `col` of message m (empty when a parent message is unset).
 * Repeated values are joined with ", ". */
static int cell_text(buf *out, const ProtobufCMessage *m, const struct col *col)
{
	if (col->spec && col->spec->text) return col->spec->text(out, m, col->spec);
	for (int i = 0; i < col->depth - 1; i++) {
		m = *(ProtobufCMessage *const *)field_ptr(m, col->path[i]);
		if (!m) return 0;
	}
	const ProtobufCFieldDescriptor *f = col->path[col->depth - 1];
	size_t n = field_count(m, f);
	for (size_t j = 0; j < n; j++) {
		if (j > 0) TRY(buf_append(out, ", ", 2));
		TRY(cell_value(out, f, elem_ptr(m, f, j)));
	}
	return 0;
}

/* Copy text for a table cell: control characters become visible escapes so
 * that one message stays one line. Returns a malloc'd string or NULL. */
static char *table_cell(const buf *raw)
{
	buf b = {0};
	const uint8_t *p = buf_rptr(raw);
	size_t n = buf_avail(raw);
	char *s = NULL;
	for (size_t i = 0; i < n; i++) {
		int rc;
		if (p[i] == '\n')
			rc = buf_append(&b, "\\n", 2);
		else if (p[i] == '\t')
			rc = buf_append(&b, "\\t", 2);
		else if (p[i] == '\r')
			rc = buf_append(&b, "\\r", 2);
		else if (p[i] < 0x20 || p[i] == 0x7f)
			rc = buf_printf(&b, "\\x%02x", p[i]);
		else
			rc = buf_append(&b, p + i, 1);
		if (rc < 0) goto out;
	}
	if (b.len == 0)
		s = strdup("");
	else
		s = buf_strdup(&b);
out:
	buf_free(&b);
	return s;
}

/* Append s padded with spaces to `width` code points. */
static int pad_cell(buf *out, const char *s, size_t width)
{
	size_t len = strlen(s);
	size_t w = proto_utf8_width(s, len);
	TRY(buf_append(out, s, len));
	for (; w < width; w++)
		TRY(buf_append(out, " ", 1));
	return 0;
}

/* One table line; the last column is not padded (no trailing blanks). */
static int table_line(buf *out, char *const *cells, const size_t *width, size_t n)
{
	size_t start = out->len;
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n) {
			TRY(pad_cell(out, cells[i], width[i]));
			TRY(buf_append(out, "  ", 2));
		} else {
			TRY(buf_append(out, cells[i], strlen(cells[i])));
		}
	}
	/* Empty trailing cells leave padding behind: trim it. */
	while (out->len > start && out->data[out->len - 1] == ' ')
		out->len--;
	return buf_append(out, "\n", 1);
}

/* ---- printer ------------------------------------------------------------- */

struct proto_printer {
	enum proto_format fmt;
	const ProtobufCMessageDescriptor *desc;
	unsigned flags;
	buf *out;
	FILE *fp;
	struct cols cols;
	size_t nrows;
	char **cells; /* table: nrows * ncols cell texts (row 0 = header) */
	size_t cells_rows, cells_cap;
	size_t *width;
	int widths_fixed; /* stream mode: header printed, widths final */
	size_t fit;       /* table: lines at most this wide (0 = no limit) */
	int header_done;
};

static int printer_flush(proto_printer *p)
{
	if (!p->fp) return 0;
	size_t n = buf_avail(p->out);
	if (n && fwrite(buf_rptr(p->out), 1, n, p->fp) != n) return -1;
	buf_reset(p->out);
	return fflush(p->fp) == 0 ? 0 : -1;
}

/* Append one row of cell texts (header when m is NULL) to p->cells. */
static int printer_store_row(proto_printer *p, const ProtobufCMessage *m)
{
	size_t nc = p->cols.n;
	if (p->cells_rows == p->cells_cap) {
		size_t cap = p->cells_cap ? p->cells_cap * 2 : 8;
		char **v = realloc(p->cells, cap * (nc ? nc : 1) * sizeof(*v));
		if (!v) return -1;
		p->cells = v;
		p->cells_cap = cap;
	}
	char **row = p->cells + p->cells_rows * nc;
	buf raw = {0};
	size_t i;
	for (i = 0; i < nc; i++) {
		buf_reset(&raw);
		int rc;
		if (m) {
			rc = cell_text(&raw, m, &p->cols.v[i]);
		} else {
			rc = buf_printf(&raw, "%s", p->cols.v[i].name);
			for (size_t k = 0; k < raw.len && !(p->cols.v[i].spec && p->cols.v[i].spec->header);
			     k++)
				if (raw.data[k] >= 'a' && raw.data[k] <= 'z')
					raw.data[k] = (uint8_t)(raw.data[k] - 'a' + 'A');
		}
		if (rc < 0 || !(row[i] = table_cell(&raw))) goto fail;
		size_t w = proto_utf8_width(row[i], strlen(row[i]));
		if (w > p->width[i] && !p->widths_fixed) p->width[i] = w;
	}
	buf_free(&raw);
	p->cells_rows++;
	return 0;
fail:
	buf_free(&raw);
	while (i-- > 0)
		free(row[i]);
	return -1;
}

/* The narrowest column i may become when fitted: its header, its
 * min_width, and up to 16 characters of what it holds. */
static size_t fit_min(const proto_printer *p, size_t i)
{
	const char *h = p->cells[i]; /* row 0 is the header */
	size_t min = p->width[i] < 16 ? p->width[i] : 16, hw = proto_utf8_width(h, strlen(h));
	const struct proto_column *spec = p->cols.v[i].spec;
	if (hw > min) min = hw;
	if (spec && spec->min_width > min) min = spec->min_width;
	return min;
}

/* Shrink the widest columns until a line fits p->fit (down to fit_min),
 * and cut the cells that no longer fit with an ellipsis. */
static int printer_fit(proto_printer *p)
{
	size_t nc = p->cols.n, total = 0, mins[64];
	if (!p->fit || !nc || !p->cells_rows || nc > 64) return 0;
	for (size_t i = 0; i < nc; i++) {
		total += p->width[i] + (i + 1 < nc ? 2 : 0);
		mins[i] = fit_min(p, i);
	}
	while (total > p->fit) {
		size_t best = nc;
		for (size_t i = 0; i < nc; i++)
			if (p->width[i] > mins[i] && (best == nc || p->width[i] > p->width[best])) best = i;
		if (best == nc) break;
		p->width[best]--;
		total--;
	}
	for (size_t r = 0; r < p->cells_rows; r++)
		for (size_t i = 0; i < nc; i++) {
			char **cell = &p->cells[r * nc + i];
			size_t len = strlen(*cell);
			if (proto_utf8_width(*cell, len) <= p->width[i]) continue;
			/* the first width-1 code points, then "…" (U+2026) */
			size_t keep = 0, cps = 0;
			for (; keep < len; keep++)
				if (((unsigned char)(*cell)[keep] & 0xc0) != 0x80 && ++cps > p->width[i] - 1)
					break;
			char *cut = malloc(keep + 4);
			if (!cut) return -1;
			memcpy(cut, *cell, keep);
			memcpy(cut + keep, "\xe2\x80\xa6", 4);
			free(*cell);
			*cell = cut;
		}
	return 0;
}

void proto_printer_fit(proto_printer *p, size_t width)
{
	p->fit = width;
}

/* Print stored rows from `from` on and free them. */
static int printer_emit_rows(proto_printer *p, size_t from)
{
	size_t nc = p->cols.n;
	for (size_t r = from; r < p->cells_rows; r++)
		TRY(table_line(p->out, p->cells + r * nc, p->width, nc));
	for (size_t r = from; r < p->cells_rows; r++)
		for (size_t i = 0; i < nc; i++)
			free(p->cells[r * nc + i]);
	p->cells_rows = from;
	return 0;
}

int proto_printer_new(proto_printer **pp, enum proto_format fmt, const ProtobufCMessageDescriptor *desc,
                      unsigned flags, buf *out, FILE *fp)
{
	return proto_printer_new_columns(pp, fmt, desc, NULL, 0, flags, out, fp);
}

int proto_printer_new_columns(proto_printer **pp, enum proto_format fmt,
                              const ProtobufCMessageDescriptor *desc, const struct proto_column *cols,
                              size_t ncols, unsigned flags, buf *out, FILE *fp)
{
	const ProtobufCFieldDescriptor *path[COL_MAX_DEPTH];
	proto_printer *p = calloc(1, sizeof(*p));
	if (!p) return -1;
	p->fmt = fmt;
	p->desc = desc;
	p->flags = flags;
	p->out = out;
	p->fp = fp;
	if (fmt != PROTO_FMT_JSON) {
		for (size_t i = 0; i < ncols; i++)
			if (cols_add_spec(&p->cols, desc, &cols[i]) < 0) goto fail;
		if (!cols && cols_build(&p->cols, desc, path, 0) < 0) goto fail;
		p->width = calloc(p->cols.n ? p->cols.n : 1, sizeof(*p->width));
		if (!p->width) goto fail;
	}
	if (fmt == PROTO_FMT_TABLE && !(flags & PROTO_PRINT_NO_HEADER) && printer_store_row(p, NULL) < 0)
		goto fail;
	*pp = p;
	return 0;
fail:
	proto_printer_free(p);
	return -1;
}

static int csv_row(buf *out, const ProtobufCMessage *m, const struct cols *cols)
{
	buf raw = {0};
	int rc = 0;
	for (size_t i = 0; i < cols->n && rc == 0; i++) {
		buf_reset(&raw);
		if (i > 0 && buf_append(out, ",", 1) < 0)
			rc = -1;
		else if (m)
			rc = cell_text(&raw, m, &cols->v[i]);
		else
			rc = buf_printf(&raw, "%s", cols->v[i].name);
		if (rc == 0) rc = proto_csv_field(out, (const char *)buf_rptr(&raw), buf_avail(&raw));
	}
	buf_free(&raw);
	if (rc == 0) rc = buf_append(out, "\n", 1);
	return rc;
}

int proto_printer_row(proto_printer *p, const ProtobufCMessage *msg)
{
	if (!msg || msg->descriptor != p->desc) return -1;
	switch (p->fmt) {
	case PROTO_FMT_JSON:
		if (p->flags & PROTO_PRINT_STREAM) {
			TRY(proto_json_message(p->out, msg, 0));
			TRY(buf_append(p->out, "\n", 1));
		} else {
			TRY(buf_append(p->out, p->nrows ? ",\n  " : "[\n  ", 4));
			TRY(json_msg(p->out, msg, 2, 1));
		}
		break;
	case PROTO_FMT_CSV:
		if (!p->header_done && !(p->flags & PROTO_PRINT_NO_HEADER))
			TRY(csv_row(p->out, NULL, &p->cols));
		p->header_done = 1;
		TRY(csv_row(p->out, msg, &p->cols));
		break;
	case PROTO_FMT_TABLE:
		TRY(printer_store_row(p, msg));
		if (p->flags & PROTO_PRINT_STREAM) {
			TRY(printer_emit_rows(p, 0));
			p->widths_fixed = 1; /* by the header and the first row */
		}
		break;
	}
	p->nrows++;
	return printer_flush(p);
}

int proto_printer_end(proto_printer *p)
{
	switch (p->fmt) {
	case PROTO_FMT_JSON:
		if (!(p->flags & PROTO_PRINT_STREAM))
			TRY(buf_printf(p->out, "%s", p->nrows ? "\n]\n" : "[]\n"));
		break;
	case PROTO_FMT_CSV:
		if (!p->header_done && !(p->flags & PROTO_PRINT_NO_HEADER))
			TRY(csv_row(p->out, NULL, &p->cols));
		p->header_done = 1;
		break;
	case PROTO_FMT_TABLE:
		if (!(p->flags & PROTO_PRINT_STREAM)) TRY(printer_fit(p));
		TRY(printer_emit_rows(p, 0));
		break;
	}
	return printer_flush(p);
}

void proto_printer_free(proto_printer *p)
{
	if (!p) return;
	for (size_t r = 0; r < p->cells_rows; r++)
		for (size_t i = 0; i < p->cols.n; i++)
			free(p->cells[r * p->cols.n + i]);
	free(p->cells);
	free(p->width);
	cols_free(&p->cols);
	free(p);
}

/* ---- one message ------------------------------------------------------------ */

/* Two-column table: dotted field name, value; each of extra after the row
 * of its field. */
static int table_fields(buf *out, const ProtobufCMessage *msg, const struct proto_column *extra,
                        size_t nextra)
{
	const ProtobufCFieldDescriptor *path[COL_MAX_DEPTH];
	struct cols base = {0}, cols = {0};
	buf raw = {0};
	char **vals = NULL;
	size_t namew = 0, i = 0, moved = 0;
	int rc = -1;

	if (cols_build(&base, msg->descriptor, path, 0) < 0) goto out;
	for (moved = 0; moved < base.n; moved++) {
		if (cols_push(&cols, &base.v[moved]) < 0) goto out;
		for (size_t e = 0; e < nextra; e++)
			if (extra[e].field && strcmp(extra[e].field, base.v[moved].name) == 0 &&
			    cols_add_spec(&cols, msg->descriptor, &extra[e]) < 0) {
				moved++;
				goto out;
			}
	}
	vals = calloc(cols.n ? cols.n : 1, sizeof(*vals));
	if (!vals) goto out;
	for (i = 0; i < cols.n; i++) {
		buf_reset(&raw);
		if (cell_text(&raw, msg, &cols.v[i]) < 0 || !(vals[i] = table_cell(&raw))) goto out;
		size_t w = proto_utf8_width(cols.v[i].name, strlen(cols.v[i].name));
		if (w > namew) namew = w;
	}
	for (i = 0; i < cols.n; i++) {
		char *cells[2] = {cols.v[i].name, vals[i]};
		size_t width[2] = {namew, 0};
		if (table_line(out, cells, width, 2) < 0) goto out;
	}
	rc = 0;
out:
	if (vals)
		for (size_t k = 0; k < cols.n; k++)
			free(vals[k]);
	free(vals);
	buf_free(&raw);
	for (size_t k = moved; k < base.n; k++) /* the names not moved to cols */
		free(base.v[k].name);
	free(base.v);
	cols_free(&cols);
	return rc;
}

int proto_print_fields(buf *out, const ProtobufCMessage *msg, const struct proto_column *extra, size_t nextra)
{
	return table_fields(out, msg, extra, nextra);
}

int proto_print_message(buf *out, enum proto_format fmt, const ProtobufCMessage *msg)
{
	switch (fmt) {
	case PROTO_FMT_JSON:
		TRY(proto_json_message(out, msg, 2));
		return buf_append(out, "\n", 1);
	case PROTO_FMT_TABLE:
		return table_fields(out, msg, NULL, 0);
	case PROTO_FMT_CSV: {
		proto_printer *p;
		TRY(proto_printer_new(&p, fmt, msg->descriptor, 0, out, NULL));
		int rc = proto_printer_row(p, msg);
		if (rc == 0) rc = proto_printer_end(p);
		proto_printer_free(p);
		return rc;
	}
	}
	return -1;
}

int proto_field_text(buf *out, const ProtobufCMessage *m, const char *path)
{
	struct col col = {0};
	if (!m || !path || col_resolve(&col, m->descriptor, path) < 0) return -1;
	return cell_text(out, m, &col);
}
