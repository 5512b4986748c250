/* svc_db: the database side shared by the tenancy handlers: principal per
 * transaction, error mapping, audit rows, paging and row conversion. */
#include "svc_db.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "grpc_status.h"
#include "log.h"
#include "resource.h"
#include "svc_validate.h"
#include "worker.h"

static int call_gone(void *arg)
{
	return rpc_call_is_done(arg);
}

const auth_principal *svc_principal(const rpc_call *call)
{
	return rpc_call_principal(call);
}

pg_req *svc_req(rpc_call *call, pg_done_fn done, void *arg)
{
	const auth_principal *p = svc_principal(call);
	pg_req *r = pg_req_new(done, arg);
	if (!r || !p || auth_req_principal(r, p) != 0) {
		if (r) pg_req_free(r);
		rpc_finish(call, p ? GRPC_STATUS_RESOURCE_EXHAUSTED : GRPC_STATUS_INTERNAL,
		           p ? "out of memory" : "no principal");
		return NULL;
	}
	pg_req_set_cancel(r, call_gone, call);
	return r;
}

int svc_submit(rpc_call *call, pg_req *r)
{
	return svc_submit_audited(call, r, NULL);
}

int svc_submit_audited(rpc_call *call, pg_req *r, const char *object_ids)
{
	if (audit_wanted(call) && audit_add(r, call, object_ids) != 0) {
		pg_req_free(r);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return -1;
	}
	int rc = pg_req_submit(rpc_call_worker(call)->pool, r);
	if (rc != 0) {
		pg_reply rep = {.status = rc, .message = pg_strerror(rc)};
		svc_fail_db(call, &rep);
		return -1;
	}
	return 0;
}

const PGresult *svc_one_row(rpc_call *call, const pg_reply *rep, int code, const char *what)
{
	const PGresult *res = svc_result(rep, 0);
	if (rep->status != PG_OK) {
		svc_fail_db(call, rep);
		return NULL;
	}
	if (!res || PQntuples(res) != 1) {
		svc_fail(call, code, "%s", what);
		return NULL;
	}
	return res;
}

int svc_add_or_fail(rpc_call *call, pg_req *r, const pg_stmt *st, const char *const *params)
{
	if (pg_req_add(r, st, params) != 0) {
		pg_req_free(r);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return -1;
	}
	return svc_submit(call, r);
}

void svc_run1(rpc_call *call, pg_done_fn done, void *arg, const pg_stmt *st, const char *const *params)
{
	pg_req *r = svc_req(call, done, arg);
	if (!r || svc_add_or_fail(call, r, st, params) != 0) return; /* the call is finished */
}

const PGresult *svc_result(const pg_reply *rep, int i)
{
	if (rep->status != PG_OK || i + 1 >= rep->nresults) return NULL;
	return rep->results[i + 1];
}

void svc_fail(rpc_call *call, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (audit_wanted(call)) audit_failure(call, code);
	rpc_finish(call, code, msg);
}

/* The request field a foreign key violation is about, from the constraint
 * name in the message (e.g. "scholen_swv_id_werkgebied_id_fkey"). */
static const char *fk_field(const char *msg)
{
	if (strstr(msg, "werkgebied_id_fkey")) return "werkgebied_id";
	if (strstr(msg, "school_id_fkey")) return "school_id";
	if (strstr(msg, "schoolbestuur_id_fkey")) return "schoolbestuur_id";
	if (strstr(msg, "gemeente_id_fkey")) return "gemeente_id";
	if (strstr(msg, "successor_fkey")) return "successor_id";
	return "tenant_id";
}

int svc_grpc_status(const pg_reply *rep)
{
	const char *s = rep->sqlstate;
	if (rep->status == PG_OK) return GRPC_STATUS_OK;
	if (pg_reply_unavailable(rep)) return GRPC_STATUS_UNAVAILABLE;
	switch (rep->status) {
	case PG_E_CANCELLED:
		return GRPC_STATUS_CANCELLED;
	case PG_E_NOMEM:
		return GRPC_STATUS_RESOURCE_EXHAUSTED;
	case PG_E_SQL:
		break;
	default:
		return GRPC_STATUS_INTERNAL;
	}
	if (!strcmp(s, "23505")) return GRPC_STATUS_ALREADY_EXISTS;
	if (!strncmp(s, "23", 2)) return GRPC_STATUS_FAILED_PRECONDITION;
	if (!strcmp(s, "42501")) return GRPC_STATUS_PERMISSION_DENIED;
	if (!strncmp(s, "22", 2)) return GRPC_STATUS_INVALID_ARGUMENT;
	if (!strcmp(s, "40001") || !strcmp(s, "40P01")) return GRPC_STATUS_ABORTED;
	if (!strcmp(s, "57014")) return GRPC_STATUS_CANCELLED;
	return GRPC_STATUS_INTERNAL;
}

void svc_fail_db(rpc_call *call, const pg_reply *rep)
{
	int code = svc_grpc_status(rep);
	const char *s = rep->sqlstate;
	if (rep->status == PG_E_CANCELLED || (rep->status != PG_E_SQL && rpc_call_is_done(call))) {
		rpc_finish(call, GRPC_STATUS_CANCELLED, "call ended");
		return;
	}
	if (code == GRPC_STATUS_UNAVAILABLE) {
		svc_fail(call, code, "database unavailable, retry");
	} else if (rep->status == PG_E_SQL && strcmp(s, "P0002") == 0) {
		svc_fail(call, GRPC_STATUS_NOT_FOUND, "%s", rep->message);
	} else if (rep->status == PG_E_SQL && strcmp(s, "23503") == 0) {
		svc_fail(call, GRPC_STATUS_NOT_FOUND, "%s not found", fk_field(rep->message));
	} else if (rep->status == PG_E_SQL && strcmp(s, "23505") == 0) {
		svc_fail(call, GRPC_STATUS_ALREADY_EXISTS, "already exists: %s", rep->message);
	} else if (rep->status == PG_E_SQL &&
	           (strcmp(s, "23514") == 0 || strcmp(s, "23502") == 0 || strncmp(s, "22", 2) == 0)) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "invalid value: %s", rep->message);
	} else if (rep->status == PG_E_SQL && strcmp(s, "55000") == 0) {
		/* object_not_in_prerequisite_state: a workflow step out of order; the
		 * message names the missing step */
		svc_fail(call, GRPC_STATUS_FAILED_PRECONDITION, "%s", rep->message);
	} else if (rep->status == PG_E_SQL && strcmp(s, "42501") == 0) {
		/* the database refused what the method table allowed: not for this principal */
		svc_fail(call, GRPC_STATUS_PERMISSION_DENIED, "permission denied: %s", rep->message);
	} else {
		svc_fail(call, code, "database error %s: %s", s, rep->message);
	}
}

const char *svc_val(const PGresult *res, int row, int col)
{
	if (!res || row >= PQntuples(res) || col >= PQnfields(res) || PQgetisnull(res, row, col)) return NULL;
	return PQgetvalue(res, row, col);
}

Passend__V1__Timestamp *svc_ts(const char *micros, Passend__V1__Timestamp *ts)
{
	if (!micros) return NULL;
	long long us = strtoll(micros, NULL, 10);
	long long s = us / 1000000, rem = us % 1000000;
	if (rem < 0) {
		rem += 1000000;
		s--;
	}
	ts->seconds = s;
	ts->nanos = (int32_t)(rem * 1000);
	return ts;
}

void svc_ts_param(const Passend__V1__Timestamp *ts, char out[32])
{
	if (!ts) {
		out[0] = '\0';
		return;
	}
	snprintf(out, 32, "%lld", (long long)ts->seconds * 1000000 + ts->nanos / 1000);
}

int svc_page(rpc_call *call, const Passend__V1__PageRequest *page, int want_uuid, int *size, char *key,
             size_t keylen)
{
	char err[200];
	if (res_page_parse(page, want_uuid, size, key, keylen, err, sizeof err) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%s", err);
		return -1;
	}
	return 0;
}

void svc_next_token(int more, const char *last_key, char out[128])
{
	res_page_token(more, last_key, out);
}

char *svc_ids_literal(const PGresult *res, int col, int n)
{
	size_t len = 3 + (size_t)n * 40;
	char *s = malloc(len), *o = s;
	if (!s) return NULL;
	*o++ = '{';
	for (int i = 0; i < n; i++) {
		const char *v = svc_val(res, i, col);
		o += snprintf(o, len - (size_t)(o - s), "%s%.36s", i ? "," : "", v ? v : "");
	}
	*o++ = '}';
	*o = '\0';
	return s;
}

svc_list *svc_list_new(rpc_call *call, int size)
{
	svc_list *l = malloc(sizeof *l);
	if (!l) {
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return NULL;
	}
	l->call = call;
	l->size = size;
	return l;
}

void svc_list_submit(rpc_call *call, svc_list *l, pg_done_fn done, const pg_stmt *st,
                     const char *const *params)
{
	pg_req *r = svc_req(call, done, l);
	if (!r) {
		free(l);
		return;
	}
	if (pg_req_add(r, st, params) != 0) {
		pg_req_free(r);
		free(l);
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	/* an audited list names the rows it read, or none */
	if (svc_submit_audited(call, r, "{}") != 0) free(l);
}

int svc_list_rows(void *arg, const pg_reply *rep, rpc_call **call, const PGresult **res, int *n, int *more)
{
	svc_list *l = arg;
	int size = l->size;
	*call = l->call;
	free(l);
	if (rep->status != PG_OK) {
		svc_fail_db(*call, rep);
		return -1;
	}
	*res = svc_result(rep, 0);
	*n = *res ? PQntuples(*res) : 0;
	*more = *n > size;
	if (*more) *n = size;
	return 0;
}

void svc_list_next(const PGresult *res, int n, int more, char out[128])
{
	svc_next_token(more, n ? svc_val(res, n - 1, 0) : NULL, out);
}

int svc_mask_has(char *const *mask, size_t n, const char *field)
{
	return res_mask_has(mask, n, field);
}

int svc_update_mask(rpc_call *call, char *const *mask, size_t n, const char *const *known, char *out,
                    size_t outlen)
{
	char err[512];
	if (res_mask_check(mask, n, known, err, sizeof err) != 0) {
		svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "%s", err);
		return -1;
	}
	size_t len = 1;
	out[0] = '{';
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(mask[i]);
		if (len + l + 3 > outlen) {
			svc_fail(call, GRPC_STATUS_INVALID_ARGUMENT, "update_mask names too many fields");
			return -1;
		}
		if (i) out[len++] = ',';
		memcpy(out + len, mask[i], l);
		len += l;
	}
	out[len++] = '}';
	out[len] = '\0';
	return 0;
}
