/* fuzz_methods: every method of service_areas, through the real router
 * table. The input names a method and a role and carries its request
 * message; the harness sends it over the real HTTP/2 + gRPC path to the
 * method's own handler, running as a principal of that role, on a worker
 * without a database pool (every pg_req_submit is refused). So each
 * request is decoded and validated up to the point where its statements
 * would go to PostgreSQL, and a new method is fuzzed as soon as it is in
 * the table.
 *
 * The token lookup is the one thing replaced: the target links with
 * -Wl,--wrap=auth_call, and __wrap_auth_call attaches the input's
 * principal and runs the handler, as auth.c does after a lookup that
 * succeeded (it checks the role is allowed, as auth.c does).
 *
 * Input: "<:path>\n" <role byte> <request message bytes>. A first line that
 * is not a method's :path picks a method by its hash; the role byte picks
 * one of the roles the method allows. Checked beyond the sanitizers: the
 * handler finishes the call (its stream closes) without a database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "fuzz.h"
#include "h2.h"
#include "log.h"
#include "rpc.h"
#include "service.h"
#include "worker.h"

static const rpc_method **methods; /* every method of service_areas, in table order */
static size_t nmethods;

static auth_principal *principals[5]; /* by role bit index */
static auth_principal *current;       /* the principal of this input's call */

static server srv;
static worker w;

void __wrap_auth_call(rpc_call *call);
void __wrap_auth_call(rpc_call *call)
{
	FUZZ_CHECK(current && (rpc_call_method(call)->roles & current->role),
	           "a method ran as a role it does not allow");
	rpc_call_set_principal(call, auth_principal_ref(current));
	rpc_call_run(call);
}

static auth_principal *principal(unsigned bit)
{
	auth_principal *p = calloc(1, sizeof *p);
	if (!p) abort();
	p->refs = 1;
	p->role = 1u << bit;
	p->role_name = auth_role_name(p->role);
	snprintf(p->token_id, sizeof p->token_id, "%s", "0b5f3c1e-8d2a-4c7b-9e6f-1a2b3c4d5e6f");
	snprintf(p->swv_id, sizeof p->swv_id, "%s",
	         p->role == RPC_ROLE_ADMIN ? "" : "5d2c7a9e-3b1f-4e8d-a6c5-0f9e8d7c6b5a");
	p->scope = strdup(p->role == RPC_ROLE_WERKGEBIED ? "7e1d2c3b-4a5f-4687-9a0b-1c2d3e4f5a6b"
	                  : p->role == RPC_ROLE_SCHOOL   ? "8f2e3d4c-5b6a-4798-8b1c-2d3e4f5a6b7c"
	                                                 : "");
	p->description = strdup("fuzz");
	p->tenant_name = strdup(p->role == RPC_ROLE_ADMIN ? "" : "SWV Fuzz");
	if (!p->scope || !p->description || !p->tenant_name) abort();
	return p;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_set_level(LOG_ERROR);
	for (const service *const *s = service_areas; *s; s++)
		for (const rpc_method *const *m = (*s)->methods; m && *m; m++)
			nmethods++;
	methods = calloc(nmethods, sizeof *methods);
	if (!methods) abort();
	size_t k = 0;
	for (const service *const *s = service_areas; *s; s++)
		for (const rpc_method *const *m = (*s)->methods; m && *m; m++)
			methods[k++] = *m;
	if (rpc_router_init(service_areas) != 0) abort();
	for (unsigned b = 0; b < 5; b++)
		principals[b] = principal(b);
	if (uv_loop_init(&w.loop) != 0) abort(); /* handlers that start timers use it */
	config_defaults(&srv.cfg);
	w.srv = &srv;
	w.pool = NULL; /* refuses every request: PG_E_UNAVAILABLE */
	return 0;
}

/* The method the input names: its first line as an exact :path, else a
 * method chosen by the hash of that line. */
static size_t pick_method(const uint8_t *p, size_t n)
{
	const rpc_method *m = rpc_find_method((const char *)p, n);
	for (size_t i = 0; m && i < nmethods; i++)
		if (methods[i] == m) return i;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h % nmethods;
}

/* One of the roles the method allows (none for a public method). */
static auth_principal *pick_role(unsigned roles, uint8_t b)
{
	unsigned bits[5], n = 0;
	for (unsigned i = 0; i < 5; i++)
		if (roles & 1u << i) bits[n++] = i;
	return n ? principals[bits[b % n]] : NULL;
}

static void on_output(h2_session *h) {}

/* Serialise what the session has queued and throw it away (the client
 * reads nothing), until it has nothing more to send. */
static void drain(h2_session *h)
{
	for (int i = 0; i < 64 && h2_session_want_write(h); i++) {
		if (h2_session_send(h) != 0) break;
		buf_reset(&h->out);
	}
	buf_reset(&h->out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size < 256 ? size : 256);
	size_t line = nl ? (size_t)(nl - data) : size;
	size_t i = pick_method(data, line);
	size_t off = nl ? line + 1 : size;
	current = pick_role(methods[i]->roles, off < size ? data[off] : 0);
	if (off < size) off++;
	const uint8_t *msg = data + off;
	size_t msglen = size - off;
	if (msglen > 60000) msglen = 60000; /* within the initial flow-control window */

	buf in = {0};
	if (fuzz_h2c_preface(&in) != 0 || fuzz_h2c_request(&in, 1, methods[i]->path, 0) != 0 ||
	    fuzz_h2c_message(&in, 1, msg, msglen) != 0)
		abort();
	h2_session h;
	if (h2_session_init(&h, &w, &srv.cfg, &w.loop, "192.0.2.1:40000", on_output) != 0) abort();
	FUZZ_CHECK(h2_session_recv(&h, buf_rptr(&in), buf_avail(&in)) == 0, "session refused the request");
	/* handlers that continue on the loop (timers) get to finish */
	for (int k = 0; k < 16 && uv_run(&w.loop, UV_RUN_NOWAIT); k++)
		drain(&h);
	drain(&h);
	if (h.nstreams != 0) {
		fprintf(stderr, "method %s left its call unfinished without a database\n", methods[i]->path);
		FUZZ_CHECK(0, "handler did not finish the call");
	}
	h2_session_free(&h);
	uv_run(&w.loop, UV_RUN_NOWAIT); /* close callbacks of the calls' timers */
	buf_free(&in);
	current = NULL;
	return 0;
}
