/* reflection: gRPC server reflection from the FileDescriptorSet compiled into
 * passendd (CMakeLists.txt: protoc --descriptor_set_out --include_imports,
 * embedded as reflection_descriptor_set). An index of files and fully
 * qualified symbols is built once, on first use, by reading the descriptors'
 * protobuf wire format directly (descriptor.proto is not compiled in); after
 * that it is only read, by any worker. Each request on the stream gets one
 * response; what cannot be found is an error_response and the stream goes on
 * (as grpc-go and grpc-java do). */
#include "reflection.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grpc/reflection/v1/reflection.pb-c.h"
#include "grpc/reflection/v1alpha/reflection.pb-c.h"
#include "grpc_status.h"
#include "log.h"

extern const uint8_t reflection_descriptor_set[];
extern const size_t reflection_descriptor_set_len;

/* ---- protobuf wire format ------------------------------------------------ */

typedef struct pb_field {
	uint32_t num;
	int wire_type;
	uint64_t value;   /* varint */
	const uint8_t *p; /* length-delimited */
	size_t len;
} pb_field;

static int pb_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (*p >= end) return -1;
		uint8_t b = *(*p)++;
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) return 0;
	}
	return -1;
}

/* The next field of the message in [*p, end): 1 and *f, 0 at the end, or -1
 * when malformed. */
static int pb_next(const uint8_t **p, const uint8_t *end, pb_field *f)
{
	uint64_t key, len;
	if (*p >= end) return 0;
	if (pb_varint(p, end, &key) != 0) return -1;
	f->num = (uint32_t)(key >> 3);
	f->wire_type = (int)(key & 7);
	switch (f->wire_type) {
	case 0:
		return pb_varint(p, end, &f->value) == 0 ? 1 : -1;
	case 1:
		if (end - *p < 8) return -1;
		*p += 8;
		return 1;
	case 2:
		if (pb_varint(p, end, &len) != 0 || len > (uint64_t)(end - *p)) return -1;
		f->p = *p;
		f->len = (size_t)len;
		*p += len;
		return 1;
	case 5:
		if (end - *p < 4) return -1;
		*p += 4;
		return 1;
	default:
		return -1;
	}
}

/* The string field `num` of a message (its last occurrence), malloc'd, or
 * "" when absent. NULL when out of memory or malformed. */
static char *pb_string(const uint8_t *p, size_t len, uint32_t num)
{
	const uint8_t *q = p, *end = p + len, *v = NULL;
	size_t vlen = 0;
	pb_field f;
	int r;
	while ((r = pb_next(&q, end, &f)) == 1)
		if (f.num == num && f.wire_type == 2) {
			v = f.p;
			vlen = f.len;
		}
	if (r < 0) return NULL;
	char *s = malloc(vlen + 1);
	if (!s) return NULL;
	if (vlen) memcpy(s, v, vlen);
	s[vlen] = '\0';
	return s;
}

/* ---- the index ------------------------------------------------------------ */

typedef enum sym_kind { SYM_MESSAGE, SYM_ENUM, SYM_SERVICE, SYM_METHOD, SYM_MEMBER } sym_kind;

typedef struct rsym {
	char *name; /* fully qualified, without a leading '.' */
	size_t file;
	sym_kind kind;
	/* SYM_METHOD */
	char *input, *output; /* fully qualified message names, without '.' */
	int client_streaming, server_streaming;
} rsym;

typedef struct rfile {
	const uint8_t *data; /* the serialized FileDescriptorProto (in the embedded set) */
	size_t len;
	char *name;
	size_t *deps; /* indices of the files it imports */
	size_t ndeps;
} rfile;

static struct {
	rfile *files;
	size_t nfiles;
	rsym *syms;
	size_t nsyms, capsyms;
	int ok;
} ix;
static pthread_once_t ix_once = PTHREAD_ONCE_INIT;

/* "scope.name" (or "name" in the empty scope), malloc'd. */
static char *qualify(const char *scope, const char *name)
{
	size_t a = strlen(scope), b = strlen(name);
	char *s = malloc(a + b + 2);
	if (!s) return NULL;
	if (a) {
		memcpy(s, scope, a);
		s[a++] = '.';
	}
	memcpy(s + a, name, b + 1);
	return s;
}

/* Add a symbol (takes name). Returns the symbol or NULL. */
static rsym *add_sym(char *name, size_t file, sym_kind kind)
{
	if (!name) return NULL;
	if (ix.nsyms == ix.capsyms) {
		size_t cap = ix.capsyms ? 2 * ix.capsyms : 256;
		rsym *t = realloc(ix.syms, cap * sizeof *t);
		if (!t) {
			free(name);
			return NULL;
		}
		ix.syms = t;
		ix.capsyms = cap;
	}
	rsym *s = &ix.syms[ix.nsyms++];
	memset(s, 0, sizeof *s);
	s->name = name;
	s->file = file;
	s->kind = kind;
	return s;
}

/* Add scope.<field num 1 of the sub-message> (a field, value, oneof, ...). */
static int add_member(const char *scope, const pb_field *f, size_t file)
{
	char *n = pb_string(f->p, f->len, 1);
	if (!n) return -1;
	rsym *s = add_sym(qualify(scope, n), file, SYM_MEMBER);
	free(n);
	return s ? 0 : -1;
}

/* An enum in scope; its values are its siblings (protobuf scoping). */
static int index_enum(const char *scope, const uint8_t *p, size_t len, size_t file)
{
	char *n = pb_string(p, len, 1);
	if (!n || !add_sym(qualify(scope, n), file, SYM_ENUM)) {
		free(n);
		return -1;
	}
	free(n);
	const uint8_t *q = p, *end = p + len;
	pb_field f;
	int r;
	while ((r = pb_next(&q, end, &f)) == 1)
		if (f.num == 2 && f.wire_type == 2 && add_member(scope, &f, file) != 0) return -1;
	return r;
}

/* A message in scope, with its fields, nested messages and enums,
 * extensions and oneofs. */
static int index_message(const char *scope, const uint8_t *p, size_t len, size_t file)
{
	char *n = pb_string(p, len, 1);
	char *me = n ? qualify(scope, n) : NULL;
	free(n);
	if (!me) return -1;
	char *name = strdup(me);
	if (!name || !add_sym(name, file, SYM_MESSAGE)) {
		free(me);
		return -1;
	}
	const uint8_t *q = p, *end = p + len;
	pb_field f;
	int r;
	while ((r = pb_next(&q, end, &f)) == 1) {
		if (f.wire_type != 2) continue;
		int rc = 0;
		if (f.num == 2 || f.num == 6 || f.num == 8) /* field, extension, oneof_decl */
			rc = add_member(me, &f, file);
		else if (f.num == 3)
			rc = index_message(me, f.p, f.len, file);
		else if (f.num == 4)
			rc = index_enum(me, f.p, f.len, file);
		if (rc != 0) {
			r = -1;
			break;
		}
	}
	free(me);
	return r;
}

static int index_method(const char *svc, const uint8_t *p, size_t len, size_t file)
{
	char *n = pb_string(p, len, 1);
	rsym *s = n ? add_sym(qualify(svc, n), file, SYM_METHOD) : NULL;
	free(n);
	if (!s) return -1;
	char *in = pb_string(p, len, 2), *out = pb_string(p, len, 3);
	if (!in || !out) {
		free(in);
		free(out);
		return -1;
	}
	/* descriptor type names are fully qualified with a leading '.' */
	s->input = in;
	s->output = out;
	if (in[0] == '.') memmove(in, in + 1, strlen(in));
	if (out[0] == '.') memmove(out, out + 1, strlen(out));
	const uint8_t *q = p, *end = p + len;
	pb_field f;
	int r;
	while ((r = pb_next(&q, end, &f)) == 1) {
		if (f.num == 5 && f.wire_type == 0) s->client_streaming = f.value != 0;
		if (f.num == 6 && f.wire_type == 0) s->server_streaming = f.value != 0;
	}
	return r;
}

static int index_service(const char *pkg, const uint8_t *p, size_t len, size_t file)
{
	char *n = pb_string(p, len, 1);
	char *me = n ? qualify(pkg, n) : NULL;
	free(n);
	char *name = me ? strdup(me) : NULL;
	if (!name || !add_sym(name, file, SYM_SERVICE)) {
		free(me);
		return -1;
	}
	const uint8_t *q = p, *end = p + len;
	pb_field f;
	int r;
	while ((r = pb_next(&q, end, &f)) == 1)
		if (f.num == 2 && f.wire_type == 2 && index_method(me, f.p, f.len, file) != 0) {
			r = -1;
			break;
		}
	free(me);
	return r;
}

/* Every top-level definition of file fi. */
static int index_file(size_t fi)
{
	const rfile *rf = &ix.files[fi];
	char *pkg = pb_string(rf->data, rf->len, 2);
	if (!pkg) return -1;
	const uint8_t *q = rf->data, *end = rf->data + rf->len;
	pb_field f;
	int r;
	while ((r = pb_next(&q, end, &f)) == 1) {
		if (f.wire_type != 2) continue;
		int rc = 0;
		if (f.num == 4)
			rc = index_message(pkg, f.p, f.len, fi);
		else if (f.num == 5)
			rc = index_enum(pkg, f.p, f.len, fi);
		else if (f.num == 6)
			rc = index_service(pkg, f.p, f.len, fi);
		else if (f.num == 7) /* top-level extension */
			rc = add_member(pkg, &f, fi);
		if (rc != 0) {
			r = -1;
			break;
		}
	}
	free(pkg);
	return r;
}

static long find_file(const char *name)
{
	for (size_t i = 0; i < ix.nfiles; i++)
		if (strcmp(ix.files[i].name, name) == 0) return (long)i;
	return -1;
}

/* The imports of file fi as indices (the set holds them: --include_imports). */
static int link_deps(size_t fi)
{
	rfile *rf = &ix.files[fi];
	const uint8_t *q = rf->data, *end = rf->data + rf->len;
	pb_field f;
	int r;
	while ((r = pb_next(&q, end, &f)) == 1) {
		if (f.num != 3 || f.wire_type != 2) continue;
		char *name = malloc(f.len + 1);
		if (!name) return -1;
		memcpy(name, f.p, f.len);
		name[f.len] = '\0';
		long d = find_file(name);
		if (d < 0) {
			log_error("reflection.missing_import", "file=%s import=%s", rf->name, name);
			free(name);
			return -1;
		}
		free(name);
		size_t *t = realloc(rf->deps, (rf->ndeps + 1) * sizeof *t);
		if (!t) return -1;
		rf->deps = t;
		rf->deps[rf->ndeps++] = (size_t)d;
	}
	return r;
}

static int sym_cmp(const void *a, const void *b)
{
	return strcmp(((const rsym *)a)->name, ((const rsym *)b)->name);
}

static void index_build(void)
{
	const uint8_t *q = reflection_descriptor_set, *end = q + reflection_descriptor_set_len;
	pb_field f;
	int r;
	while ((r = pb_next(&q, end, &f)) == 1) {
		if (f.num != 1 || f.wire_type != 2) continue;
		rfile *t = realloc(ix.files, (ix.nfiles + 1) * sizeof *t);
		if (!t) goto fail;
		ix.files = t;
		rfile *rf = &ix.files[ix.nfiles];
		memset(rf, 0, sizeof *rf);
		rf->data = f.p;
		rf->len = f.len;
		rf->name = pb_string(f.p, f.len, 1);
		if (!rf->name) goto fail;
		ix.nfiles++;
	}
	if (r < 0) goto fail;
	for (size_t i = 0; i < ix.nfiles; i++)
		if (link_deps(i) != 0 || index_file(i) != 0) goto fail;
	qsort(ix.syms, ix.nsyms, sizeof *ix.syms, sym_cmp);
	ix.ok = 1;
	return;
fail:
	/* The index stays unusable (reflection answers UNAVAILABLE); what was
	 * built is kept, reachable, for the life of the process. */
	log_error("reflection.index_failed", "error=\"malformed descriptor set or out of memory\"");
}

/* Build the index on first use. Returns non-zero when it is usable. */
static int index_ready(void)
{
	pthread_once(&ix_once, index_build);
	return ix.ok;
}

static const rsym *find_sym(const char *name)
{
	if (name[0] == '.') name++;
	size_t lo = 0, hi = ix.nsyms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, ix.syms[mid].name);
		if (c == 0) return &ix.syms[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* ---- answers ------------------------------------------------------------- */

/* What one response points to, freed after it is sent. */
typedef struct answer {
	Grpc__Reflection__V1__FileDescriptorResponse files;
	Grpc__Reflection__V1__ListServiceResponse list;
	Grpc__Reflection__V1__ExtensionNumberResponse ext;
	Grpc__Reflection__V1__ErrorResponse error;
	ProtobufCBinaryData *blobs;
	Grpc__Reflection__V1__ServiceResponse *services;
	Grpc__Reflection__V1__ServiceResponse **service_ptrs;
	char *names; /* the service names, NUL-separated */
	char message[300];
} answer;

static void answer_error(answer *a, Grpc__Reflection__V1__ServerReflectionResponse *resp, int code,
                         const char *what, const char *name)
{
	grpc__reflection__v1__error_response__init(&a->error);
	snprintf(a->message, sizeof a->message, "%s not found: %s", what, name);
	a->error.error_code = code;
	a->error.error_message = a->message;
	resp->message_response_case =
	    GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_ERROR_RESPONSE;
	resp->error_response = &a->error;
}

/* File fi and every file it imports, each once, in post-order (every file
 * after all of its imports); answer_file reverses it, so the answer lists
 * each file before its imports, whatever imports they share. */
static void add_file(answer *a, size_t fi, unsigned char *seen)
{
	if (seen[fi]) return;
	seen[fi] = 1;
	for (size_t i = 0; i < ix.files[fi].ndeps; i++)
		add_file(a, ix.files[fi].deps[i], seen);
	a->blobs[a->files.n_file_descriptor_proto++] =
	    (ProtobufCBinaryData){ix.files[fi].len, (uint8_t *)ix.files[fi].data};
}

static int answer_file(answer *a, Grpc__Reflection__V1__ServerReflectionResponse *resp, size_t fi)
{
	unsigned char *seen = calloc(ix.nfiles, 1);
	a->blobs = calloc(ix.nfiles, sizeof *a->blobs);
	if (!seen || !a->blobs) {
		free(seen);
		return -1;
	}
	grpc__reflection__v1__file_descriptor_response__init(&a->files);
	add_file(a, fi, seen);
	free(seen);
	for (size_t i = 0, j = a->files.n_file_descriptor_proto; i + 1 < j; i++, j--) {
		ProtobufCBinaryData t = a->blobs[i];
		a->blobs[i] = a->blobs[j - 1];
		a->blobs[j - 1] = t;
	}
	a->files.file_descriptor_proto = a->blobs;
	resp->message_response_case =
	    GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_FILE_DESCRIPTOR_RESPONSE;
	resp->file_descriptor_response = &a->files;
	return 0;
}

/* The services the router serves: the "<service>" of every "/<service>/<method>",
 * in :path order (the methods of one service are adjacent there). */
static int answer_list(answer *a, Grpc__Reflection__V1__ServerReflectionResponse *resp)
{
	size_t n = 0, bytes = 0;
	const rpc_method *m;
	for (size_t i = 0; (m = rpc_route_at(i)); i++) {
		n++;
		bytes += strlen(m->path) + 1;
	}
	a->services = calloc(n ? n : 1, sizeof *a->services);
	a->service_ptrs = calloc(n ? n : 1, sizeof *a->service_ptrs);
	a->names = malloc(bytes ? bytes : 1);
	if (!a->services || !a->service_ptrs || !a->names) return -1;
	grpc__reflection__v1__list_service_response__init(&a->list);
	char *w = a->names;
	const char *last = NULL;
	for (size_t i = 0; (m = rpc_route_at(i)); i++) {
		const char *svc = m->path + 1, *slash = strchr(svc, '/');
		size_t len = slash ? (size_t)(slash - svc) : strlen(svc);
		if (last && strlen(last) == len && memcmp(last, svc, len) == 0) continue;
		memcpy(w, svc, len);
		w[len] = '\0';
		Grpc__Reflection__V1__ServiceResponse *s = &a->services[a->list.n_service];
		grpc__reflection__v1__service_response__init(s);
		s->name = w;
		a->service_ptrs[a->list.n_service++] = s;
		last = w;
		w += len + 1;
	}
	a->list.service = a->service_ptrs;
	resp->message_response_case =
	    GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_LIST_SERVICES_RESPONSE;
	resp->list_services_response = &a->list;
	return 0;
}

/* Fill resp for req. Returns 0, 1 for a request of no known kind, -1 when
 * out of memory. */
static int answer_request(answer *a, const Grpc__Reflection__V1__ServerReflectionRequest *req,
                          Grpc__Reflection__V1__ServerReflectionResponse *resp)
{
	const rsym *s;
	long fi;
	switch (req->message_request_case) {
	case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_LIST_SERVICES:
		return answer_list(a, resp);
	case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_BY_FILENAME:
		fi = find_file(req->file_by_filename);
		if (fi < 0) {
			answer_error(a, resp, GRPC_STATUS_NOT_FOUND, "file", req->file_by_filename);
			return 0;
		}
		return answer_file(a, resp, (size_t)fi);
	case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_CONTAINING_SYMBOL:
		s = find_sym(req->file_containing_symbol);
		if (!s) {
			answer_error(a, resp, GRPC_STATUS_NOT_FOUND, "symbol", req->file_containing_symbol);
			return 0;
		}
		return answer_file(a, resp, s->file);
	case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_CONTAINING_EXTENSION: {
		/* passend's .proto files declare no extensions */
		char what[300];
		const Grpc__Reflection__V1__ExtensionRequest *e = req->file_containing_extension;
		snprintf(what, sizeof what, "%s(%d)", e && e->containing_type ? e->containing_type : "",
		         e ? (int)e->extension_number : 0);
		answer_error(a, resp, GRPC_STATUS_NOT_FOUND, "extension", what);
		return 0;
	}
	case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_ALL_EXTENSION_NUMBERS_OF_TYPE:
		s = find_sym(req->all_extension_numbers_of_type);
		if (!s || s->kind != SYM_MESSAGE) {
			answer_error(a, resp, GRPC_STATUS_NOT_FOUND, "message type",
			             req->all_extension_numbers_of_type);
			return 0;
		}
		grpc__reflection__v1__extension_number_response__init(&a->ext);
		a->ext.base_type_name = s->name; /* and no extension numbers */
		resp->message_response_case =
		    GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_ALL_EXTENSION_NUMBERS_RESPONSE;
		resp->all_extension_numbers_response = &a->ext;
		return 0;
	default:
		return 1;
	}
}

static void answer_free(answer *a)
{
	free(a->blobs);
	free(a->services);
	free(a->service_ptrs);
	free(a->names);
}

/* ---- the stream handler ---------------------------------------------------- */

static void refl_start(rpc_call *call)
{
	if (!index_ready()) rpc_finish(call, GRPC_STATUS_UNAVAILABLE, "reflection descriptors unavailable");
}

static void refl_message(rpc_call *call, const ProtobufCMessage *msg)
{
	Grpc__Reflection__V1__ServerReflectionRequest *alias = NULL;
	const Grpc__Reflection__V1__ServerReflectionRequest *req = (const void *)msg;
	Grpc__Reflection__V1__ServerReflectionResponse resp =
	    GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__INIT;
	answer a;
	memset(&a, 0, sizeof a);

	/* v1alpha has the wire format of v1: read its request as v1 (and the v1
	 * response is a valid v1alpha response). */
	if (msg->descriptor != &grpc__reflection__v1__server_reflection_request__descriptor) {
		size_t n = protobuf_c_message_get_packed_size(msg);
		uint8_t *bytes = malloc(n ? n : 1);
		if (bytes) {
			protobuf_c_message_pack(msg, bytes);
			alias = grpc__reflection__v1__server_reflection_request__unpack(NULL, n, bytes);
		}
		free(bytes);
		if (!alias) {
			rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
			return;
		}
		req = alias;
	}
	resp.valid_host = req->host;
	resp.original_request = (Grpc__Reflection__V1__ServerReflectionRequest *)req;
	int rc = answer_request(&a, req, &resp);
	if (rc > 0)
		rpc_finish(call, GRPC_STATUS_INVALID_ARGUMENT,
		           "invalid reflection request: set one of file_by_filename, file_containing_symbol, "
		           "file_containing_extension, all_extension_numbers_of_type, list_services");
	else if (rc < 0)
		rpc_finish(call, GRPC_STATUS_RESOURCE_EXHAUSTED, "out of memory");
	else if (rpc_send(call, &resp.base) != 0 && !rpc_call_is_done(call))
		rpc_finish(call, GRPC_STATUS_INTERNAL, "reflection response could not be encoded");
	answer_free(&a);
	if (alias) grpc__reflection__v1__server_reflection_request__free_unpacked(alias, NULL);
}

static void refl_end(rpc_call *call)
{
	rpc_finish(call, GRPC_STATUS_OK, NULL);
}

static const rpc_stream_handler refl_stream = {refl_start, refl_message, refl_end};

/* v1 and v1alpha: the same protocol under two package names */
#define REFL_METHOD(v)                                                                                       \
	{                                                                                                    \
		RPC_METHOD_ID("grpc.reflection." #v ".ServerReflection", "ServerReflectionInfo",             \
		              grpc__reflection__##v##__server_reflection_request,                            \
		              grpc__reflection__##v##__server_reflection_response, RPC_PUBLIC),              \
		    .client_streaming = 1, .server_streaming = 1, .idempotent = 1, .stream = &refl_stream    \
	}
static const rpc_method refl_v1 = REFL_METHOD(v1);
static const rpc_method refl_v1alpha = REFL_METHOD(v1alpha);

static const rpc_method *const methods[] = {&refl_v1, &refl_v1alpha, NULL};
static const pg_stmt *const no_stmts[] = {NULL};
const service reflection_service = {"grpc.reflection", methods, no_stmts};

/* ---- consistency of the method table with the .proto files ---------------- */

int reflection_check(const service *const *services, char *err, size_t errlen)
{
	if (!index_ready()) {
		snprintf(err, errlen, "the compiled-in descriptor set cannot be read");
		return -1;
	}
	for (const service *const *sv = services; sv && *sv; sv++) {
		for (const rpc_method *const *mp = (*sv)->methods; mp && *mp; mp++) {
			const rpc_method *m = *mp;
			char sym[512];
			/* "/pkg.Svc/Method" -> "pkg.Svc.Method" */
			snprintf(sym, sizeof sym, "%s", m->path[0] == '/' ? m->path + 1 : m->path);
			char *slash = strchr(sym, '/');
			if (slash) *slash = '.';
			const rsym *s = find_sym(sym);
			if (!s || s->kind != SYM_METHOD) {
				snprintf(err, errlen, "%s: no such method in the .proto files", m->path);
				return -1;
			}
			if (strcmp(s->input, m->req_desc->name) != 0 ||
			    strcmp(s->output, m->resp_desc->name) != 0) {
				snprintf(err, errlen,
				         "%s: the .proto says %s -> %s, the method table %s -> %s", m->path,
				         s->input, s->output, m->req_desc->name, m->resp_desc->name);
				return -1;
			}
			if (s->client_streaming != (m->client_streaming != 0) ||
			    s->server_streaming != (m->server_streaming != 0)) {
				snprintf(
				    err, errlen,
				    "%s: the .proto says client_streaming=%d server_streaming=%d, the method "
				    "table %d %d",
				    m->path, s->client_streaming, s->server_streaming,
				    m->client_streaming != 0, m->server_streaming != 0);
				return -1;
			}
		}
	}
	return 0;
}
