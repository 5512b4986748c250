/* res_row: rows into protobuf messages by column name (see res_row.h): the
 * arena, the text form of each field type, PostgreSQL array literals and a
 * small JSON reader for message-typed columns. */
#include "res_row.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "passend/v1/common.pb-c.h"

#define JSON_OID   114
#define JSONB_OID  3802
#define ARENA_SIZE 4096
#define JSON_DEPTH 32

/* ---- arena ---------------------------------------------------------------- */

struct res_chunk {
	struct res_chunk *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

void *res_alloc(res_arena *a, size_t n)
{
	if (n > SIZE_MAX / 2) return NULL;
	n = n ? (n + 15) & ~(size_t)15 : 16;
	struct res_chunk *c = a->head;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > ARENA_SIZE ? n : ARENA_SIZE;
		c = malloc(sizeof *c + cap);
		if (!c) return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += n;
	return memset(p, 0, n);
}

char *res_strndup(res_arena *a, const char *s, size_t n)
{
	char *d = res_alloc(a, n + 1);
	if (d) memcpy(d, s, n);
	return d;
}

void res_arena_free(res_arena *a)
{
	while (a->head) {
		struct res_chunk *c = a->head;
		a->head = c->next;
		free(c);
	}
}

ProtobufCMessage *res_new_message(res_arena *a, const ProtobufCMessageDescriptor *d)
{
	ProtobufCMessage *m = res_alloc(a, d->sizeof_message);
	if (m) d->message_init(m);
	return m;
}

int res_column(const PGresult *res, const char *name)
{
	return PQfnumber(res, name);
}

const char *res_value(const PGresult *res, int row, const char *name)
{
	int c = res ? PQfnumber(res, name) : -1;
	if (c < 0 || row < 0 || row >= PQntuples(res) || PQgetisnull(res, row, c)) return NULL;
	return PQgetvalue(res, row, c);
}

/* ---- values ------------------------------------------------------------------- */

int res_errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int is_date(const ProtobufCMessageDescriptor *d)
{
	return d == &passend__v1__date__descriptor;
}

static int is_timestamp(const ProtobufCMessageDescriptor *d)
{
	return d == &passend__v1__timestamp__descriptor;
}

/* A message field that is filled from one text value (not from json). */
static int text_message(const ProtobufCFieldDescriptor *f)
{
	return f->type == PROTOBUF_C_TYPE_MESSAGE && (is_date(f->descriptor) || is_timestamp(f->descriptor));
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
static long days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
	long doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* n digits at s into *v; returns the position after them, or NULL. */
static const char *digits(const char *s, int n, long *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, s++) {
		if (*s < '0' || *s > '9') return NULL;
		*v = *v * 10 + (*s - '0');
	}
	return s;
}

/* "YYYY-MM-DD" at s; returns the position after it, or NULL. */
static const char *parse_date(const char *s, long *y, long *m, long *d)
{
	if (!(s = digits(s, 4, y)) || *s++ != '-' || !(s = digits(s, 2, m)) || *s++ != '-' ||
	    !(s = digits(s, 2, d)) || *m < 1 || *m > 12 || *d < 1 || *d > 31)
		return NULL;
	return s;
}

/* PostgreSQL's ISO form of a timestamptz (DateStyle ISO, any TimeZone):
 * "YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM[:SS]]]"; no offset means UTC. */
static int parse_timestamp(const char *s, Passend__V1__Timestamp *ts)
{
	long y, mo, d, h, mi, se, oh = 0, om = 0, os = 0, nanos = 0;
	if (!(s = parse_date(s, &y, &mo, &d)) || (*s != ' ' && *s != 'T') || !(s = digits(s + 1, 2, &h)) ||
	    *s++ != ':' || !(s = digits(s, 2, &mi)) || *s++ != ':' || !(s = digits(s, 2, &se)))
		return -1;
	if (*s == '.') {
		long scale = 100000000;
		for (s++; *s >= '0' && *s <= '9'; s++, scale /= 10)
			nanos += scale * (*s - '0');
	}
	if (*s == '+' || *s == '-') {
		int sign = *s == '-' ? -1 : 1;
		if (!(s = digits(s + 1, 2, &oh))) return -1;
		if (*s == ':' && !(s = digits(s + 1, 2, &om))) return -1;
		if (*s == ':' && !(s = digits(s + 1, 2, &os))) return -1;
		oh *= sign, om *= sign, os *= sign;
	} else if (*s == 'Z') {
		s++;
	}
	if (*s) return -1;
	ts->seconds =
	    (int64_t)days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - (oh * 3600 + om * 60 + os);
	ts->nanos = (int32_t)nanos;
	return 0;
}

/* The value of enum e called s (any case) or numbered s. */
static int enum_value(const ProtobufCEnumDescriptor *e, const char *s, int32_t *v)
{
	for (unsigned i = 0; i < e->n_values; i++)
		if (strcasecmp(e->values[i].name, s) == 0) {
			*v = e->values[i].value;
			return 0;
		}
	char *end;
	errno = 0;
	long long n = strtoll(s, &end, 10);
	if (!*s || *end || errno || n < INT32_MIN || n > INT32_MAX) return -1;
	*v = (int32_t)n;
	return 0;
}

static int parse_ll(const char *s, long long lo, long long hi, long long *v)
{
	char *end;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return !*s || *end || errno || *v < lo || *v > hi ? -1 : 0;
}

/* Set the one value at dst (the field's member, or a slot of its array) from
 * text s, which must stay valid while the message is used. */
static int value_set(res_arena *a, const ProtobufCFieldDescriptor *f, void *dst, const char *s, char *err,
                     size_t errlen)
{
	long long ll;
	unsigned long long ull;
	char *end;
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		if (parse_ll(s, INT32_MIN, INT32_MAX, &ll) != 0) break;
		*(int32_t *)dst = (int32_t)ll;
		return 0;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		if (parse_ll(s, INT64_MIN, INT64_MAX, &ll) != 0) break;
		*(int64_t *)dst = ll;
		return 0;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		if (parse_ll(s, 0, UINT32_MAX, &ll) != 0) break;
		*(uint32_t *)dst = (uint32_t)ll;
		return 0;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		errno = 0;
		ull = strtoull(s, &end, 10);
		if (!*s || *end || errno || *s == '-') break;
		*(uint64_t *)dst = ull;
		return 0;
	case PROTOBUF_C_TYPE_FLOAT:
	case PROTOBUF_C_TYPE_DOUBLE: {
		double v = strtod(s, &end);
		if (!*s || *end) break;
		if (f->type == PROTOBUF_C_TYPE_FLOAT)
			*(float *)dst = (float)v;
		else
			*(double *)dst = v;
		return 0;
	}
	case PROTOBUF_C_TYPE_BOOL:
		if (!strcmp(s, "t") || !strcmp(s, "true") || !strcmp(s, "1"))
			*(protobuf_c_boolean *)dst = 1;
		else if (!strcmp(s, "f") || !strcmp(s, "false") || !strcmp(s, "0"))
			*(protobuf_c_boolean *)dst = 0;
		else
			break;
		return 0;
	case PROTOBUF_C_TYPE_ENUM:
		if (enum_value(f->descriptor, s, (int32_t *)dst) != 0)
			return res_errf(err, errlen, "\"%.40s\" is no value of %s", s,
			                ((const ProtobufCEnumDescriptor *)f->descriptor)->name);
		return 0;
	case PROTOBUF_C_TYPE_STRING:
		*(const char **)dst = s;
		return 0;
	case PROTOBUF_C_TYPE_MESSAGE: {
		long y, m, d;
		const char *rest;
		if (is_date(f->descriptor)) {
			if (!(rest = parse_date(s, &y, &m, &d)) || *rest) break;
			Passend__V1__Date *dt = (void *)res_new_message(a, f->descriptor);
			if (!dt) return res_errf(err, errlen, "out of memory");
			dt->year = (int32_t)y, dt->month = (int32_t)m, dt->day = (int32_t)d;
			*(void **)dst = dt;
			return 0;
		}
		if (is_timestamp(f->descriptor)) {
			Passend__V1__Timestamp *ts = (void *)res_new_message(a, f->descriptor);
			if (!ts) return res_errf(err, errlen, "out of memory");
			if (parse_timestamp(s, ts) != 0) break;
			*(void **)dst = ts;
			return 0;
		}
		return res_errf(err, errlen, "a %s field is filled from a json column",
		                ((const ProtobufCMessageDescriptor *)f->descriptor)->name);
	}
	default:
		return res_errf(err, errlen, "field type %d has no column form", (int)f->type);
	}
	return res_errf(err, errlen, "\"%.40s\" does not fit field %s", s, f->name);
}

size_t res_slot_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return 8;
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(void *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	default:
		return 4;
	}
}

/* A singular field was set: its has_ flag or oneof case says so. */
static void mark_present(ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		*(uint32_t *)((char *)m + f->quantifier_offset) = f->id;
	else if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->quantifier_offset)
		*(protobuf_c_boolean *)((char *)m + f->quantifier_offset) = 1;
}

/* Values of a repeated field, gathered before they go into the arena. */
typedef struct slots {
	unsigned char *v;
	size_t n, cap, size;
} slots;

static void *slot_next(slots *s)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		unsigned char *v = realloc(s->v, cap * s->size);
		if (!v) return NULL;
		s->v = v;
		s->cap = cap;
	}
	return memset(s->v + s->n++ * s->size, 0, s->size);
}

/* Store the gathered values as the repeated field's array (in a). */
static int slots_store(res_arena *a, ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, slots *s)
{
	void *arr = NULL;
	if (s->n && !(arr = res_alloc(a, s->n * s->size))) return -1;
	if (s->n) memcpy(arr, s->v, s->n * s->size);
	*(size_t *)((char *)m + f->quantifier_offset) = s->n;
	*(void **)((char *)m + f->offset) = arr;
	return 0;
}

/* ---- PostgreSQL arrays: {a,"b c",NULL} ------------------------------------------ */

static int array_set(res_arena *a, ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, const char *s,
                     char *err, size_t errlen)
{
	slots sl = {.size = res_slot_size(f)};
	int rc = -1;
	if (*s++ != '{') {
		res_errf(err, errlen, "not an array literal");
		goto out;
	}
	while (*s && *s != '}') {
		const char *b = s;
		char *item;
		int quoted = *s == '"', null = 0;
		if (*s == '{') {
			res_errf(err, errlen, "a multi-dimensional array has no field form");
			goto out;
		}
		if (quoted) {
			size_t n = 0;
			if (!(item = res_alloc(a, strlen(s)))) goto oom;
			for (s++; *s && *s != '"'; s++)
				item[n++] = *s == '\\' && s[1] ? *++s : *s;
			if (*s++ != '"') {
				res_errf(err, errlen, "unterminated element");
				goto out;
			}
		} else {
			s += strcspn(s, ",}");
			null = s - b == 4 && strncasecmp(b, "NULL", 4) == 0;
			if (!(item = res_strndup(a, b, (size_t)(s - b)))) goto oom;
		}
		if (*s == ',') s++;
		if (null) continue; /* a repeated field has no NULL: leave it out */
		void *slot = slot_next(&sl);
		if (!slot) goto oom;
		if (value_set(a, f, slot, item, err, errlen) != 0) goto out;
	}
	if (*s != '}' || s[1]) {
		res_errf(err, errlen, "malformed array literal");
		goto out;
	}
	if (slots_store(a, m, f, &sl) != 0) goto oom;
	rc = 0;
	goto out;
oom:
	res_errf(err, errlen, "out of memory");
out:
	free(sl.v);
	return rc;
}

/* ---- JSON: objects name the fields --------------------------------------------- */

typedef struct jreader {
	const char *s;
	res_arena *a;
	char *err;
	size_t errlen;
	int depth;
} jreader;

static int jfail(jreader *j, const char *what)
{
	return res_errf(j->err, j->errlen, "json: %s at \"%.20s\"", what, j->s);
}

static void jws(jreader *j)
{
	while (*j->s == ' ' || *j->s == '\t' || *j->s == '\n' || *j->s == '\r')
		j->s++;
}

static int hex4(const char *s, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
		             : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
		             : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
		                                    : 16u;
		if (d > 15) return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

/* A JSON string (at '"') unescaped into the arena. The buffer is sized to
 * the string's own raw length (an escape never unescapes longer than it is
 * written), not to the rest of the document: a reply of many strings costs
 * linear, not quadratic, memory and time. */
static int jstring(jreader *j, char **out)
{
	const char *s = j->s + 1, *e = s;
	while (*e && *e != '"')
		e += e[0] == '\\' && e[1] ? 2 : 1;
	char *o = res_alloc(j->a, (size_t)(e - s) + 1);
	size_t n = 0;
	if (!o) return jfail(j, "out of memory");
	for (; *s && *s != '"'; s++) {
		if (*s != '\\') {
			o[n++] = *s;
			continue;
		}
		s++;
		const char *esc = strchr("\"\\/bfnrt", *s);
		if (*s && esc) {
			o[n++] = "\"\\/\b\f\n\r\t"[esc - "\"\\/bfnrt"];
			continue;
		}
		unsigned u, lo;
		if (*s != 'u' || hex4(s + 1, &u) != 0) return jfail(j, "bad escape");
		s += 4;
		if (u >= 0xd800 && u < 0xdc00 && s[1] == '\\' && s[2] == 'u' && hex4(s + 3, &lo) == 0 &&
		    lo >= 0xdc00 && lo < 0xe000) {
			u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
			s += 6;
		}
		if (u < 0x80) {
			o[n++] = (char)u;
		} else if (u < 0x800) {
			o[n++] = (char)(0xc0 | u >> 6), o[n++] = (char)(0x80 | (u & 0x3f));
		} else if (u < 0x10000) {
			o[n++] = (char)(0xe0 | u >> 12), o[n++] = (char)(0x80 | (u >> 6 & 0x3f));
			o[n++] = (char)(0x80 | (u & 0x3f));
		} else {
			o[n++] = (char)(0xf0 | u >> 18), o[n++] = (char)(0x80 | (u >> 12 & 0x3f));
			o[n++] = (char)(0x80 | (u >> 6 & 0x3f)), o[n++] = (char)(0x80 | (u & 0x3f));
		}
	}
	if (*s != '"') return jfail(j, "unterminated string");
	j->s = s + 1;
	*out = o;
	return 0;
}

/* A scalar (string, number, true, false) as text; *out NULL for null. */
static int jscalar(jreader *j, char **out)
{
	*out = NULL;
	if (*j->s == '"') return jstring(j, out);
	size_t n = strspn(j->s, "0123456789+-.eEtruefalsn");
	if (n == 0) return jfail(j, "a value was expected");
	if (!(n == 4 && !strncmp(j->s, "null", 4)) && !(*out = res_strndup(j->a, j->s, n)))
		return jfail(j, "out of memory");
	j->s += n;
	return 0;
}

static int jmessage(jreader *j, ProtobufCMessage *m);

/* One value of field f into dst (member or array slot). *absent is set
 * for null. */
static int jvalue(jreader *j, ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, void *dst, int *absent)
{
	jws(j);
	*absent = 0;
	if (f->type == PROTOBUF_C_TYPE_MESSAGE && !text_message(f) && *j->s == '{') {
		ProtobufCMessage *sub = res_new_message(j->a, f->descriptor);
		if (!sub) return jfail(j, "out of memory");
		if (jmessage(j, sub) != 0) return -1;
		*(void **)dst = sub;
		return 0;
	}
	char *text;
	if (jscalar(j, &text) != 0) return -1;
	if (!text) {
		*absent = 1;
		return 0;
	}
	(void)m;
	return value_set(j->a, f, dst, text, j->err, j->errlen);
}

/* The value of field f of m: an array for a repeated field. */
static int jfield(jreader *j, ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	int absent;
	jws(j);
	if (f->label != PROTOBUF_C_LABEL_REPEATED) {
		if (jvalue(j, m, f, (char *)m + f->offset, &absent) != 0) return -1;
		if (!absent) mark_present(m, f);
		return 0;
	}
	if (!strncmp(j->s, "null", 4)) {
		j->s += 4;
		return 0;
	}
	if (*j->s != '[') return jfail(j, "an array was expected");
	j->s++;
	slots sl = {.size = res_slot_size(f)};
	int rc = -1;
	jws(j);
	while (*j->s != ']') {
		void *slot = slot_next(&sl);
		if (!slot) {
			jfail(j, "out of memory");
			goto out;
		}
		if (jvalue(j, m, f, slot, &absent) != 0) goto out;
		if (absent) sl.n--;
		jws(j);
		if (*j->s == ',') {
			j->s++;
			jws(j);
		} else if (*j->s != ']') {
			jfail(j, "',' or ']' was expected");
			goto out;
		}
	}
	j->s++;
	if (slots_store(j->a, m, f, &sl) != 0) {
		jfail(j, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(sl.v);
	return rc;
}

static int jmessage(jreader *j, ProtobufCMessage *m)
{
	if (++j->depth > JSON_DEPTH) return jfail(j, "nested too deep");
	jws(j);
	if (*j->s != '{') return jfail(j, "an object was expected");
	j->s++;
	jws(j);
	while (*j->s != '}') {
		char *key;
		if (*j->s != '"' || jstring(j, &key) != 0) return jfail(j, "a key was expected");
		const ProtobufCFieldDescriptor *f =
		    protobuf_c_message_descriptor_get_field_by_name(m->descriptor, key);
		if (!f)
			return res_errf(j->err, j->errlen, "json: %s has no field %.60s", m->descriptor->name,
			                key);
		jws(j);
		if (*j->s++ != ':') return jfail(j, "':' was expected");
		if (jfield(j, m, f) != 0) return -1;
		jws(j);
		if (*j->s == ',') {
			j->s++;
			jws(j);
		} else if (*j->s != '}') {
			return jfail(j, "',' or '}' was expected");
		}
	}
	j->s++;
	j->depth--;
	return 0;
}

/* ---- fields and rows ------------------------------------------------------------ */

int res_field_set(res_arena *a, ProtobufCMessage *msg, const ProtobufCFieldDescriptor *f, const char *text,
                  int json, char *err, size_t errlen)
{
	if (json) {
		jreader j = {.s = text, .a = a, .err = err, .errlen = errlen};
		if (jfield(&j, msg, f) != 0) return -1;
		jws(&j);
		return *j.s ? jfail(&j, "trailing text") : 0;
	}
	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		if (f->type == PROTOBUF_C_TYPE_MESSAGE && !text_message(f))
			return res_errf(err, errlen, "a repeated message field is filled from a json column");
		return array_set(a, msg, f, text, err, errlen);
	}
	if (value_set(a, f, (char *)msg + f->offset, text, err, errlen) != 0) return -1;
	mark_present(msg, f);
	return 0;
}

int res_row_fill(res_arena *a, const PGresult *res, int row, ProtobufCMessage *msg, char *err, size_t errlen)
{
	int nf = PQnfields(res);
	for (int c = 0; c < nf; c++) {
		const char *name = PQfname(res, c);
		if (name[0] == '_') continue;
		const ProtobufCFieldDescriptor *f =
		    protobuf_c_message_descriptor_get_field_by_name(msg->descriptor, name);
		if (!f)
			return res_errf(err, errlen, "column %s: %s has no field of that name", name,
			                msg->descriptor->name);
		if (PQgetisnull(res, row, c)) continue;
		Oid t = PQftype(res, c);
		char why[200];
		if (res_field_set(a, msg, f, PQgetvalue(res, row, c), t == JSON_OID || t == JSONB_OID, why,
		                  sizeof why) != 0)
			return res_errf(err, errlen, "column %s: %s", name, why);
	}
	return 0;
}
