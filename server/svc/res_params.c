/* res_params: the pure half of the resource kit (resource.h): update masks,
 * paging and the text form of request fields as statement parameters. No
 * call and no I/O, so they are unit-tested on their own. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "resource.h"
#include "svc_validate.h"

long res_date(const Passend__V1__Date *d)
{
	if (!d || (!d->year && !d->month && !d->day)) return 0;
	if (!svc_valid_date(d->year, d->month, d->day)) return -1;
	return d->year * 10000L + d->month * 100L + d->day;
}

/* ---- update masks ------------------------------------------------------------- */

int res_mask_has(char *const *mask, size_t n, const char *field)
{
	if (!mask) return 1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(mask[i], field) == 0) return 1;
	return 0;
}

int res_mask_check(char *const *mask, size_t n, const char *const *known, char *err, size_t errlen)
{
	char list[400] = "";
	size_t len = 0;
	for (const char *const *k = known; *k; k++) {
		int w = snprintf(list + len, sizeof list - len, "%s%s", k == known ? "" : ", ", *k);
		if (w < 0 || (size_t)w >= sizeof list - len) break;
		len += (size_t)w;
	}
	if (n == 0)
		return res_errf(err, errlen, "update_mask is empty: name the fields to change (%s)", list);
	for (size_t i = 0; i < n; i++) {
		int ok = 0;
		for (const char *const *k = known; *k && !ok; k++)
			ok = strcmp(*k, mask[i]) == 0;
		if (!ok)
			return res_errf(err, errlen, "update_mask: unknown field \"%.60s\" (updatable: %s)",
			                mask[i], list);
	}
	return 0;
}

int res_timestamp_param(const Passend__V1__Timestamp *ts, char out[RES_TIMESTAMP_LEN])
{
	out[0] = '\0';
	if (!ts) return 0;
	/* -62135596800: 0001-01-01T00:00:00Z; 253402300799: 9999-12-31T23:59:59Z */
	if (ts->seconds < -62135596800LL || ts->seconds > 253402300799LL || ts->nanos < 0 ||
	    ts->nanos > 999999999)
		return -1;
	time_t t = (time_t)ts->seconds;
	struct tm tm;
	if (!gmtime_r(&t, &tm)) return -1;
	snprintf(out, RES_TIMESTAMP_LEN, "%04d-%02d-%02d %02d:%02d:%02d.%06d+00", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ts->nanos / 1000));
	return 0;
}

/* ---- paging ---------------------------------------------------------------- */

int res_page_parse(const Passend__V1__PageRequest *page, int kind, int *size, char *after, size_t afterlen,
                   char *err, size_t errlen)
{
	int n = svc_page_size(page ? page->page_size : 0);
	if (n < 0)
		return res_errf(err, errlen, "page.page_size must be between 0 and %d (got %d)", SVC_PAGE_MAX,
		                page->page_size);
	if (svc_page_token_decode(page ? page->page_token : "", kind, after, afterlen) != 0)
		return res_errf(err, errlen,
		                "page.page_token is not a token from a previous page of this list");
	*size = n;
	return 0;
}

int res_page_token(int more, const char *last_key, char *out, size_t outlen)
{
	if (outlen) out[0] = '\0';
	if (!more || !last_key) return 0;
	if (svc_page_token_encode(last_key, out, outlen) == 0) return 0;
	if (outlen) out[0] = '\0';
	return -1;
}

/* ---- request fields as parameters ----------------------------------------------- */

/* s as an element of a text[] literal: quoted, with " and \ escaped. */
static size_t quote_into(char *o, const char *s)
{
	size_t n = 0;
	o[n++] = '"';
	for (; *s; s++) {
		if (*s == '"' || *s == '\\') o[n++] = '\\';
		o[n++] = *s;
	}
	o[n++] = '"';
	return n;
}

char *res_text_array(res_arena *a, const char *const *v, size_t n)
{
	size_t len = 3;
	for (size_t i = 0; i < n; i++)
		len += v[i] ? 2 * strlen(v[i]) + 3 : 5;
	char *o = res_alloc(a, len);
	if (!o) return NULL;
	size_t k = 0;
	o[k++] = '{';
	for (size_t i = 0; i < n; i++) {
		if (i) o[k++] = ',';
		if (v[i]) {
			k += quote_into(o + k, v[i]);
		} else {
			memcpy(o + k, "NULL", 4);
			k += 4;
		}
	}
	o[k++] = '}';
	return o;
}

/* A Date as "YYYY-MM-DD" in a; "" when unset (NULL or all zero). Returns
 * 0, -2 when set but not a real date (err names path), -3 out of memory. */
static int date_text(res_arena *a, const Passend__V1__Date *d, const char *path, const char **out, char *err,
                     size_t errlen)
{
	if (!d || (!d->year && !d->month && !d->day)) {
		*out = "";
		return 0;
	}
	if (!svc_valid_date(d->year, d->month, d->day)) {
		res_errf(err, errlen, "%s is not a valid date", path);
		return -2;
	}
	char *o = res_alloc(a, 16);
	if (!o) return -3;
	snprintf(o, 16, "%04d-%02d-%02d", (int)d->year, (int)d->month, (int)d->day);
	*out = o;
	return 0;
}

/* A number in decimal, in the arena. */
static const char *number(res_arena *a, long long v)
{
	char *o = res_alloc(a, 24);
	if (o) snprintf(o, 24, "%lld", v);
	return o;
}

/* The integer at p of a field of this type (32-bit types and enums). */
static long long int_at(const ProtobufCFieldDescriptor *f, const void *p)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		return *(const int64_t *)p;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return (long long)*(const uint64_t *)p;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		return *(const uint32_t *)p;
	case PROTOBUF_C_TYPE_BOOL:
		return *(const protobuf_c_boolean *)p;
	default:
		return *(const int32_t *)p;
	}
}

static int is_int(const ProtobufCFieldDescriptor *f)
{
	return f->type != PROTOBUF_C_TYPE_STRING && f->type != PROTOBUF_C_TYPE_BYTES &&
	       f->type != PROTOBUF_C_TYPE_MESSAGE && f->type != PROTOBUF_C_TYPE_FLOAT &&
	       f->type != PROTOBUF_C_TYPE_DOUBLE && f->type != PROTOBUF_C_TYPE_BOOL;
}

/* The parameter text of field f of m (m NULL: an unset message on the way). */
static int field_param(res_arena *a, const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f,
                       const char *path, const char **out, char *err, size_t errlen)
{
	const char *p = m ? (const char *)m + f->offset : NULL;
	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		size_t n = m ? *(const size_t *)((const char *)m + f->quantifier_offset) : 0;
		if (f->type == PROTOBUF_C_TYPE_STRING) {
			*out = res_text_array(a, n ? *(const char *const *const *)p : NULL, n);
		} else if (f->type == PROTOBUF_C_TYPE_MESSAGE &&
		           f->descriptor == &passend__v1__date__descriptor) {
			/* a date[] literal; an unset element is NULL */
			Passend__V1__Date *const *d = n ? *(Passend__V1__Date *const *const *)p : NULL;
			const char **items = res_alloc(a, (n + 1) * sizeof *items);
			if (!items) return -3;
			for (size_t i = 0; i < n; i++) {
				int rc = date_text(a, d[i], path, &items[i], err, errlen);
				if (rc != 0) return rc;
				if (!items[i][0]) items[i] = NULL;
			}
			*out = res_text_array(a, items, n);
		} else if (is_int(f)) {
			const char *v = n ? *(const char *const *)p : NULL;
			char *o = res_alloc(a, 3 + n * 22), *w = o;
			if (o) {
				*w++ = '{';
				for (size_t i = 0; i < n; i++)
					w += sprintf(w, "%s%lld", i ? "," : "",
					             int_at(f, v + i * res_slot_size(f)));
				*w = '}';
			}
			*out = o;
		} else {
			return res_errf(err, errlen, "%s: a repeated %s field has no parameter form", path,
			                f->type == PROTOBUF_C_TYPE_MESSAGE ? "message" : "bytes/float");
		}
		return *out ? 0 : -3;
	}
	if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->quantifier_offset &&
	    f->type != PROTOBUF_C_TYPE_MESSAGE && f->type != PROTOBUF_C_TYPE_STRING && m &&
	    !*(const protobuf_c_boolean *)((const char *)m + f->quantifier_offset)) {
		*out = NULL; /* an optional scalar not set: SQL NULL */
		return 0;
	}
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		*out = p && *(char *const *)p ? *(char *const *)p : "";
		return 0;
	case PROTOBUF_C_TYPE_BOOL:
		*out = p && *(const protobuf_c_boolean *)p ? "true" : "false";
		return 0;
	case PROTOBUF_C_TYPE_MESSAGE:
		if (f->descriptor != &passend__v1__date__descriptor)
			return res_errf(err, errlen, "%s: a %s field has no parameter form", path,
			                ((const ProtobufCMessageDescriptor *)f->descriptor)->name);
		return date_text(a, p ? *(Passend__V1__Date *const *)p : NULL, path, out, err, errlen);
	default:
		if (!is_int(f))
			return res_errf(err, errlen, "%s: this field type has no parameter form", path);
		*out = number(a, p ? int_at(f, p) : 0);
		return *out ? 0 : -3;
	}
}

/* "list.field": field (a scalar or a Date) of every element of the repeated
 * message field list of m, as an array literal. */
static int each_param(res_arena *a, const ProtobufCMessage *m, const ProtobufCFieldDescriptor *list,
                      const char *field, const char *path, const char **out, char *err, size_t errlen)
{
	const ProtobufCMessageDescriptor *d = list->descriptor;
	const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(d, field);
	if (!f) return res_errf(err, errlen, "%s: %s has no field %s", path, d->name, field);
	if (f->label == PROTOBUF_C_LABEL_REPEATED ||
	    (f->type == PROTOBUF_C_TYPE_MESSAGE && f->descriptor != &passend__v1__date__descriptor))
		return res_errf(err, errlen,
		                "%s: only a scalar or Date field of each %s has a parameter form", path,
		                d->name);
	size_t n = m ? *(const size_t *)((const char *)m + list->quantifier_offset) : 0;
	ProtobufCMessage *const *v =
	    n ? *(ProtobufCMessage *const *const *)((const char *)m + list->offset) : NULL;
	const char **items = res_alloc(a, (n + 1) * sizeof *items);
	if (!items) return -3;
	for (size_t i = 0; i < n; i++) {
		int rc = field_param(a, v[i], f, path, &items[i], err, errlen);
		if (rc != 0) return rc;
	}
	*out = res_text_array(a, items, n);
	return *out ? 0 : -3;
}

int res_param(res_arena *a, const ProtobufCMessage *msg, const char *path, const char **out, char *err,
              size_t errlen)
{
	const ProtobufCMessageDescriptor *d = msg->descriptor;
	const ProtobufCMessage *m = msg;
	for (const char *s = path;;) {
		char seg[64];
		size_t n = strcspn(s, ".");
		if (n == 0 || n >= sizeof seg) return res_errf(err, errlen, "%s: not a field path", path);
		memcpy(seg, s, n);
		seg[n] = '\0';
		const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(d, seg);
		if (!f) return res_errf(err, errlen, "%s: %s has no field %s", path, d->name, seg);
		if (!s[n] || (f->type == PROTOBUF_C_TYPE_MESSAGE && f->label == PROTOBUF_C_LABEL_REPEATED &&
		              !strchr(s + n + 1, '.'))) {
			int rc = s[n] ? each_param(a, m, f, s + n + 1, path, out, err, errlen)
			              : field_param(a, m, f, path, out, err, errlen);
			if (rc == -3) res_errf(err, errlen, "out of memory");
			return rc;
		}
		if (f->type != PROTOBUF_C_TYPE_MESSAGE || f->label == PROTOBUF_C_LABEL_REPEATED)
			return res_errf(err, errlen, "%s: %s is not a message field", path, seg);
		d = f->descriptor;
		m = m ? *(ProtobufCMessage *const *)((const char *)m + f->offset) : NULL;
		s += n + 1;
	}
}
