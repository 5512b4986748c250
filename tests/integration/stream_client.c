/* stream_client: libpassend's streaming calls (passend_stream_*) against a
 * real passendd over TLS. Prints "ok - X" or "FAIL - X: why" per check and
 * exits 1 if any failed.
 *   stream_client calls HOST:PORT CA TOKEN PID
 *     passendd-calltest (passend.test.Calls): client-streaming and
 *     bidirectional calls, auth, early answers, limits, cancel, and flow
 *     control both ways (what a client can queue at a handler that takes
 *     nothing, and passendd's memory while a handler is slow or a client
 *     does not read; PID is passendd's, for /proc/PID/status)
 *   stream_client reflection HOST:PORT CA SERVICE...
 *     grpc.reflection v1 and v1alpha (bidirectional): the SERVICEs listed
 *     exactly, pipelined file_containing_symbol requests, a NOT_FOUND answer
 *     that leaves the stream open */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grpc/reflection/v1/reflection.pb-c.h"
#include "passend/passend.h"
#include "passend/test/calls.pb-c.h"

static int failures;

__attribute__((format(printf, 3, 4))) static int check(int cond, const char *name, const char *fmt, ...)
{
	if (cond) {
		printf("ok - %s\n", name);
	} else {
		va_list ap;
		failures++;
		printf("FAIL - %s: ", name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		putchar('\n');
	}
	fflush(stdout);
	return cond;
}

static const char *why(passend_channel *ch, int rc)
{
	static char b[600];
	snprintf(b, sizeof b, "rc=%d (%s) status=%s message=\"%s\" detail=\"%s\"", rc, passend_strerror(rc),
	         passend_status_name(passend_last_status(ch)), passend_last_message(ch),
	         passend_last_error_detail(ch));
	return b;
}

static passend_channel *channel(const char *target, const char *ca, const char *token)
{
	passend_channel_opts o = {0};
	passend_channel *ch = NULL;
	o.ca_file = ca;
	o.server_name = "localhost";
	o.token = token;
	o.max_retries = -1;
	if (passend_channel_open(&ch, target, &o) != 0) {
		fprintf(stderr, "cannot open a channel to %s\n", target);
		exit(2);
	}
	return ch;
}

static long rss_kb(const char *pid)
{
	char path[64], line[256];
	long kb = -1;
	snprintf(path, sizeof path, "/proc/%s/status", pid);
	FILE *f = fopen(path, "r");
	if (!f) return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1) break;
	fclose(f);
	return kb;
}

/* A chunk with `len` payload bytes (buffer owned by the caller). */
static Passend__Test__Chunk chunk(int64_t seq, uint8_t *payload, size_t len, int copies)
{
	Passend__Test__Chunk c = PASSEND__TEST__CHUNK__INIT;
	c.seq = seq;
	c.payload.data = payload;
	c.payload.len = len;
	c.copies = copies;
	return c;
}

static Passend__Test__Stats *stats(passend_channel *ch)
{
	Passend__Test__StatsRequest req = PASSEND__TEST__STATS_REQUEST__INIT;
	ProtobufCMessage *out = NULL;
	passend_call_opts o = {.timeout_ms = 10000};
	if (passend_call_unary(ch, "/passend.test.Calls/GetStats", &req.base,
	                       &passend__test__stats__descriptor, &out, &o) != 0)
		return NULL;
	return (Passend__Test__Stats *)out;
}

#define SUM  "/passend.test.Calls/Sum"
#define SLOW "/passend.test.Calls/SlowSum"
#define HOLD "/passend.test.Calls/Hold"
#define ECHO "/passend.test.Calls/Echo"

/* A stream of method with a 30 s deadline, answering resp messages; the
 * check "<name>: open" says whether it opened. Returns it, or NULL. */
static passend_stream *stream_open(passend_channel *ch, const char *method,
                                   const ProtobufCMessageDescriptor *resp, const char *name)
{
	passend_call_opts o = {.timeout_ms = 30000};
	passend_stream *s = NULL;
	char what[64];
	int rc = passend_stream_open(ch, method, resp, &o, &s);
	snprintf(what, sizeof what, "%s: open", name);
	check(rc == 0, what, "%s", why(ch, rc));
	return rc == 0 ? s : NULL;
}

static void client_streaming(passend_channel *ch, passend_channel *anon, uint8_t *payload)
{
	passend_call_opts o = {.timeout_ms = 30000};
	passend_stream *s = stream_open(ch, SUM, &passend__test__summary__descriptor, "Sum");
	ProtobufCMessage *m = NULL;
	int rc = 0;
	if (!s) return;
	int sent = 0;
	for (int i = 0; i < 1000 && rc == 0; i++) {
		Passend__Test__Chunk c = chunk(i, payload, 1000, 0);
		rc = passend_stream_send(s, &c.base);
		sent += rc == 0;
	}
	check(sent == 1000, "Sum: 1000 chunks sent", "%d sent, %s", sent, why(ch, rc));
	rc = passend_stream_close_and_recv(s, &m);
	Passend__Test__Summary *sum = (Passend__Test__Summary *)m;
	check(rc == 0 && sum && sum->messages == 1000 && sum->payload_bytes == 1000000 &&
	          sum->last_seq == 999,
	      "Sum: the summary counts every chunk", "%s messages=%lld bytes=%lld", why(ch, rc),
	      sum ? (long long)sum->messages : -1LL, sum ? (long long)sum->payload_bytes : -1LL);
	check(passend_last_status(ch) == 0, "Sum: status OK", "%s", why(ch, rc));
	if (m) protobuf_c_message_free_unpacked(m, NULL);
	passend_stream_free(s);

	/* no token: the stream is refused before its handler starts */
	s = NULL;
	m = NULL;
	rc = passend_stream_open(anon, SUM, &passend__test__summary__descriptor, &o, &s);
	if (rc == 0) {
		Passend__Test__Chunk c = chunk(0, payload, 10, 0);
		(void)passend_stream_send(s, &c.base);
		rc = passend_stream_close_and_recv(s, &m);
	}
	check(rc == PASSEND_ESTATUS && passend_last_status(anon) == 16 && !m,
	      "Sum without a token: UNAUTHENTICATED", "%s", why(anon, rc));
	passend_stream_free(s);

	/* the handler answers before the client is done */
	s = NULL;
	m = NULL;
	rc = passend_stream_open(ch, SUM, &passend__test__summary__descriptor, &o, &s);
	int refused_send = 0;
	for (int i = -1; i < 2000 && rc == 0; i++) {
		Passend__Test__Chunk c = chunk(i, payload, 1000, 0);
		if (passend_stream_send(s, &c.base) == PASSEND_ECLOSED) {
			refused_send = 1;
			break;
		}
	}
	check(refused_send, "Sum with seq -1: later sends see the call ended", "all sends accepted");
	rc = passend_stream_close_and_recv(s, &m);
	check(rc == PASSEND_ESTATUS && passend_last_status(ch) == 3 &&
	          strcmp(passend_last_message(ch), "seq must be >= 0") == 0,
	      "Sum with seq -1: INVALID_ARGUMENT from the handler", "%s", why(ch, rc));
	passend_stream_free(s);
}

static void bidirectional(passend_channel *ch, uint8_t *payload)
{
	passend_stream *s = stream_open(ch, ECHO, &passend__test__chunk__descriptor, "Echo");
	ProtobufCMessage *m = NULL;
	int rc = 0;
	if (!s) return;
	int rounds = 0;
	for (int i = 0; i < 100; i++) {
		Passend__Test__Chunk c = chunk(i, payload, 100, 0);
		if (passend_stream_send(s, &c.base) != 0) break;
		rc = passend_stream_recv(s, &m);
		Passend__Test__Chunk *back = (Passend__Test__Chunk *)m;
		int good = rc == 0 && back && back->seq == i && back->payload.len == 100;
		if (m) protobuf_c_message_free_unpacked(m, NULL);
		m = NULL;
		if (!good) break;
		rounds++;
	}
	check(rounds == 100, "Echo: 100 rounds of send one, receive its echo", "%d rounds, %s", rounds,
	      why(ch, rc));
	/* pipelined: everything sent first, three copies of each back in order */
	int order_ok = 1, got = 0;
	for (int i = 0; i < 200; i++) {
		Passend__Test__Chunk c = chunk(1000 + i, payload, 1024, 3);
		if ((rc = passend_stream_send(s, &c.base)) != 0) break;
	}
	check(rc == 0, "Echo: 200 chunks sent without reading", "%s", why(ch, rc));
	(void)passend_stream_close_send(s);
	while ((rc = passend_stream_recv(s, &m)) == 0 && m) {
		const Passend__Test__Chunk *back = (const Passend__Test__Chunk *)m;
		if (back->seq != 1000 + got / 3) order_ok = 0;
		got++;
		protobuf_c_message_free_unpacked(m, NULL);
	}
	check(rc == 0 && got == 600 && order_ok, "Echo: 600 echoes in order, then OK",
	      "%d echoes, order %d, %s", got, order_ok, why(ch, rc));
	passend_stream_free(s);
}

/* A handler that takes nothing: the client can queue one stream window at
 * the server plus CLIENT_SEND_HWM (64 KiB) of its own, then send blocks
 * until the deadline. */
static void flow_control_window(passend_channel *ch, uint8_t *payload)
{
	passend_call_opts o = {.timeout_ms = 1500};
	passend_stream *s = NULL;
	const size_t size = 8192, framed = 8192 + 5 + 3 + 2 + 3; /* prefix, seq, payload tag + length */
	int rc = passend_stream_open(ch, HOLD, &passend__test__summary__descriptor, &o, &s);
	check(rc == 0, "Hold: open", "%s", why(ch, rc));
	if (rc != 0) return;
	size_t accepted = 0;
	for (int i = 0; i < 10000; i++) {
		Passend__Test__Chunk c = chunk(100 + i, payload, size, 0);
		if ((rc = passend_stream_send(s, &c.base)) != 0) break;
		accepted += framed;
	}
	/* our deadline, or passendd's (the same, sent as grpc-timeout) ending the call first */
	check(rc == PASSEND_ETIMEOUT || rc == PASSEND_ECLOSED, "Hold: send blocks until the deadline", "%s",
	      why(ch, rc));
	printf("Hold: %zu bytes accepted before send blocked\n", accepted);
	check(accepted >= 65535 && accepted <= 65535 + 65536 + framed,
	      "Hold: a client queues at most one stream window at passendd plus 64 KiB", "%zu bytes accepted",
	      accepted);
	ProtobufCMessage *m = NULL;
	rc = passend_stream_recv(s, &m);
	check(rc == PASSEND_ETIMEOUT && passend_last_status(ch) == 4 && !m,
	      "Hold: recv reports DEADLINE_EXCEEDED", "%s", why(ch, rc));
	passend_stream_free(s);
}

/* passendd's memory while a handler is slower than its client, and while a
 * client does not read the answers. */
static void flow_control_memory(const char *target, const char *ca, const char *pid, uint8_t *payload)
{
	passend_channel *slow = channel(target, ca, NULL);
	(void)passend_channel_set_metadata(slow, "x-delay-ms", "2");
	passend_call_opts o = {.timeout_ms = 120000};
	passend_stream *s = NULL;
	ProtobufCMessage *m = NULL;
	const size_t size = 128 * 1024;
	long before = rss_kb(pid), peak = before;
	int rc = passend_stream_open(slow, SLOW, &passend__test__summary__descriptor, &o, &s);
	for (int i = 0; i < 256 && rc == 0; i++) { /* 32 MiB */
		Passend__Test__Chunk c = chunk(i, payload, size, 0);
		rc = passend_stream_send(s, &c.base);
		long now = rss_kb(pid);
		if (now > peak) peak = now;
	}
	if (rc == 0) rc = passend_stream_close_and_recv(s, &m);
	Passend__Test__Summary *sum = (Passend__Test__Summary *)m;
	check(rc == 0 && sum && sum->messages == 256 && sum->payload_bytes == 256 * (int64_t)size,
	      "SlowSum: 32 MiB through a handler that takes a chunk every 2 ms", "%s", why(slow, rc));
	printf("SlowSum: passendd RSS %ld kB before, %ld kB at the peak\n", before, peak);
	check(before > 0 && peak - before < 16 * 1024, "SlowSum: passendd grew by less than 16 MiB",
	      "RSS %ld kB before, %ld kB at the peak", before, peak);
	if (m) protobuf_c_message_free_unpacked(m, NULL);
	passend_stream_free(s);
	passend_channel_close(slow);

	/* A client that sends 1 MiB-answer requests and reads nothing. */
	passend_channel *ch = channel(target, ca, NULL);
	passend_call_opts o2 = {.timeout_ms = 3000};
	s = NULL;
	before = rss_kb(pid);
	peak = before;
	rc = passend_stream_open(ch, ECHO, &passend__test__chunk__descriptor, &o2, &s);
	int accepted = 0;
	for (int i = 0; i < 64 && rc == 0; i++) {
		Passend__Test__Chunk c = chunk(i, payload, 64 * 1024, 16);
		if ((rc = passend_stream_send(s, &c.base)) == 0) accepted++;
		long now = rss_kb(pid);
		if (now > peak) peak = now;
	}
	check(rc == PASSEND_ETIMEOUT && accepted < 10, "Echo unread: sends stop once passendd's answers wait",
	      "%d of 64 requests accepted, %s", accepted, why(ch, rc));
	printf("Echo unread: %d requests accepted; passendd RSS %ld kB before, %ld kB at the peak\n",
	       accepted, before, peak);
	check(before > 0 && peak - before < 16 * 1024, "Echo unread: passendd grew by less than 16 MiB",
	      "RSS %ld kB before, %ld kB at the peak", before, peak);
	passend_stream_free(s);
	passend_channel_close(ch);
}

static void limits_and_cancel(passend_channel *ch, uint8_t *payload, size_t max)
{
	passend_call_opts o = {.timeout_ms = 30000};
	passend_stream *s = NULL;
	ProtobufCMessage *m = NULL;
	int rc = passend_stream_open(ch, ECHO, &passend__test__chunk__descriptor, &o, &s);
	if (rc == 0) {
		Passend__Test__Chunk c =
		    chunk(1, payload, max, 0); /* over max_message_bytes with its framing */
		(void)passend_stream_send(s, &c.base);
		(void)passend_stream_close_send(s);
		rc = passend_stream_recv(s, &m);
	}
	check(rc == PASSEND_ESTATUS && passend_last_status(ch) == 8 && !m,
	      "Echo with a message over max_message_bytes: RESOURCE_EXHAUSTED", "%s", why(ch, rc));
	passend_stream_free(s);

	Passend__Test__Stats *before = stats(ch);
	s = NULL;
	rc = passend_stream_open(ch, ECHO, &passend__test__chunk__descriptor, &o, &s);
	if (rc == 0) {
		Passend__Test__Chunk c = chunk(7, payload, 10, 0);
		rc = passend_stream_send(s, &c.base);
		if (rc == 0) rc = passend_stream_recv(s, &m);
	}
	check(rc == 0 && m, "Echo before the cancel", "%s", why(ch, rc));
	if (m) protobuf_c_message_free_unpacked(m, NULL);
	passend_stream_free(s); /* cancels: RST_STREAM CANCEL */
	int seen = 0;
	for (int i = 0; i < 50 && before && !seen; i++) {
		Passend__Test__Stats *now = stats(ch);
		seen = now && now->abandoned > before->abandoned;
		if (now) protobuf_c_message_free_unpacked(&now->base, NULL);
		if (!seen) nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
	}
	check(seen, "a freed stream is cancelled: its handler sees the end", "abandoned count unchanged");
	if (before) protobuf_c_message_free_unpacked(&before->base, NULL);
}

/* A channel closed under an open stream: the stream only reports it ended
 * and is then freed on its own (ASan watches). */
static void channel_closed_under_stream(const char *target, const char *ca)
{
	passend_channel *ch = channel(target, ca, NULL);
	passend_call_opts o = {.timeout_ms = 10000};
	passend_stream *s = NULL;
	ProtobufCMessage *m = NULL;
	uint8_t byte = 1;
	int rc = passend_stream_open(ch, ECHO, &passend__test__chunk__descriptor, &o, &s);
	Passend__Test__Chunk c = chunk(1, &byte, 1, 0);
	if (rc == 0) rc = passend_stream_send(s, &c.base);
	passend_channel_close(ch);
	int sent = s ? passend_stream_send(s, &c.base) : 0;
	int got = s ? passend_stream_recv(s, &m) : 0;
	check(rc == 0 && sent == PASSEND_ECLOSED && got == PASSEND_ECLOSED && !m,
	      "a stream whose channel was closed reports ECLOSED", "open/send %d, send %d, recv %d", rc, sent,
	      got);
	passend_stream_free(s);
}

static int run_calls(const char *target, const char *ca, const char *token, const char *pid)
{
	const size_t max = 4u << 20;
	uint8_t *payload = calloc(1, max);
	passend_channel *ch = channel(target, ca, token), *anon = channel(target, ca, NULL);
	for (size_t i = 0; i < max; i++)
		payload[i] = (uint8_t)(i * 7);
	client_streaming(ch, anon, payload);
	bidirectional(anon, payload);
	flow_control_window(anon, payload);
	flow_control_memory(target, ca, pid, payload);
	limits_and_cancel(anon, payload, max);
	channel_closed_under_stream(target, ca);
	passend_channel_close(ch);
	passend_channel_close(anon);
	free(payload);
	return failures ? 1 : 0;
}

/* ---- reflection ------------------------------------------------------------------- */

static int has_name(char **names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0) return 1;
	return 0;
}

/* Ask on stream s for the file that declares symbol. Returns what the send returns. */
static int send_file_containing(passend_stream *s, const char *symbol)
{
	Grpc__Reflection__V1__ServerReflectionRequest q =
	    GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__INIT;
	q.message_request_case =
	    GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_CONTAINING_SYMBOL;
	q.file_containing_symbol = (char *)symbol;
	return passend_stream_send(s, &q.base);
}

static void reflection_list(passend_channel *ch, const char *path, char **want, int nwant)
{
	passend_call_opts o = {.timeout_ms = 20000};
	passend_stream *s = NULL;
	ProtobufCMessage *m = NULL;
	char name[200];
	int rc = passend_stream_open(ch, path, &grpc__reflection__v1__server_reflection_response__descriptor,
	                             &o, &s);
	Grpc__Reflection__V1__ServerReflectionRequest req =
	    GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__INIT;
	req.message_request_case =
	    GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_LIST_SERVICES;
	req.list_services = "";
	if (rc == 0) rc = passend_stream_send(s, &req.base);
	if (rc == 0) rc = passend_stream_recv(s, &m);
	const Grpc__Reflection__V1__ServerReflectionResponse *r = (const void *)m;
	int same = r && r->list_services_response && (int)r->list_services_response->n_service == nwant;
	for (size_t i = 0; same && i < r->list_services_response->n_service; i++)
		same = has_name(want, nwant, r->list_services_response->service[i]->name);
	snprintf(name, sizeof name, "%s: list_services names exactly passendd's services", path);
	check(rc == 0 && same, name, "%s, %zu services", why(ch, rc),
	      r && r->list_services_response ? r->list_services_response->n_service : 0);
	if (m) protobuf_c_message_free_unpacked(m, NULL);
	m = NULL;

	/* pipelined: a symbol of every service, then an unknown one, then list again */
	int sent = 0;
	for (int i = 0; i < nwant && rc == 0; i++)
		if ((rc = send_file_containing(s, want[i])) == 0) sent++;
	if (rc == 0) rc = send_file_containing(s, "passend.v1.NoSuchThing");
	if (rc == 0) rc = passend_stream_send(s, &req.base);
	(void)passend_stream_close_send(s);
	int files_ok = 0, got = 0, not_found = 0, listed_again = 0;
	while ((rc = passend_stream_recv(s, &m)) == 0 && m) {
		r = (const void *)m;
		if (got < sent) {
			const char *asked =
			    r->original_request ? r->original_request->file_containing_symbol : NULL;
			files_ok += r->file_descriptor_response &&
			            r->file_descriptor_response->n_file_descriptor_proto >= 1 && asked &&
			            strcmp(asked, want[got]) == 0;
		} else if (got == sent) {
			not_found = r->error_response && r->error_response->error_code == 5;
		} else {
			listed_again =
			    r->list_services_response && (int)r->list_services_response->n_service == nwant;
		}
		got++;
		protobuf_c_message_free_unpacked(m, NULL);
	}
	snprintf(name, sizeof name, "%s: pipelined file_containing_symbol for every service, in order", path);
	check(files_ok == nwant, name, "%d of %d answered with files", files_ok, nwant);
	snprintf(name, sizeof name, "%s: an unknown symbol is NOT_FOUND and the stream goes on", path);
	check(not_found && listed_again, name, "not_found %d, listed again %d", not_found, listed_again);
	snprintf(name, sizeof name, "%s: the stream ends OK after the half-close", path);
	check(rc == 0 && got == nwant + 2, name, "%d responses, %s", got, why(ch, rc));
	passend_stream_free(s);
}

static int run_reflection(const char *target, const char *ca, char **want, int nwant)
{
	passend_channel *ch = channel(target, ca, NULL);
	/* v1alpha has the wire format of v1: the same C messages read it */
	reflection_list(ch, "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", want, nwant);
	reflection_list(ch, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", want, nwant);
	passend_channel_close(ch);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "calls") == 0) return run_calls(argv[2], argv[3], argv[4], argv[5]);
	if (argc >= 5 && strcmp(argv[1], "reflection") == 0)
		return run_reflection(argv[2], argv[3], argv + 4, argc - 4);
	fprintf(stderr, "usage: stream_client calls HOST:PORT CA TOKEN PID\n"
	                "       stream_client reflection HOST:PORT CA SERVICE...\n");
	return 2;
}
