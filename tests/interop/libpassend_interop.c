/* libpassend_interop: drives libpassend against an independent gRPC server
 * (tests/interop/grpcio_server.py, Python grpcio over TLS) and checks every
 * answer. Exit 0 when all checks pass, 1 otherwise.
 * usage: libpassend_interop HOST:PORT CA_FILE OTHER_CA_FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "passend/passend.h"

static int failures;

#define CHECK(cond, ...)                                                                                     \
	do {                                                                                                 \
		if (!(cond)) {                                                                               \
			failures++;                                                                          \
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                      \
			fprintf(stderr, __VA_ARGS__);                                                        \
			fputc('\n', stderr);                                                                 \
		}                                                                                            \
	} while (0)

static const char FAIL_MESSAGE[] = "Geen toestemming van de ouders \xe2\x80\x94 \xc3\xab"
                                   "i\xc3\x9f 100% (l\xc3\xa9l\xc3\xa8ve)";

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct watch_state {
	int n;
	int stop_after; /* 0 = never */
	long long uptimes[8];
};

static int on_info(void *arg, const ProtobufCMessage *msg)
{
	struct watch_state *w = arg;
	const Passend__V1__ServerInfo *info = (const Passend__V1__ServerInfo *)msg;

	if (w->n < 8) w->uptimes[w->n] = info->uptime_seconds;
	w->n++;
	return w->stop_after && w->n >= w->stop_after;
}

static void print_status(const char *what, passend_channel *ch, int rc)
{
	printf("%-28s rc=%d (%s) status=%s message=\"%s\" detail=\"%s\"\n", what, rc, passend_strerror(rc),
	       passend_status_name(passend_last_status(ch)), passend_last_message(ch),
	       passend_last_error_detail(ch));
}

static void test_calls(const char *target, const char *ca)
{
	passend_channel_opts o = {.ca_file = ca, .token = "interop-token", .retry_base_ms = 10};
	passend_channel *ch = NULL;
	Passend__V1__GetServerInfoRequest req = PASSEND__V1__GET_SERVER_INFO_REQUEST__INIT;
	ProtobufCMessage *resp = NULL;
	Passend__V1__ServerInfo *info = NULL;
	struct watch_state w = {0};
	int status = -1;
	int rc;

	rc = passend_channel_open(&ch, target, &o);
	CHECK(rc == 0, "open: %d", rc);
	if (rc) return;

	/* Health/Check */
	rc = passend_health_check(ch, "", &status, NULL);
	print_status("Health/Check", ch, rc);
	CHECK(rc == 0 && status == 1, "health rc=%d status=%d", rc, status);
	CHECK(passend_last_status(ch) == 0, "last status %d", passend_last_status(ch));

	/* GetServerInfo: every field, and the metadata the server saw */
	rc = passend_platform_get_server_info(ch, &info, &(passend_call_opts){.timeout_ms = 5000});
	print_status("Platform/GetServerInfo", ch, rc);
	CHECK(rc == 0 && info, "get_server_info rc=%d", rc);
	if (info) {
		CHECK(strcmp(info->version, "9.8.7-interop") == 0, "version %s", info->version);
		CHECK(strncmp(info->build, "passend-c/0.1.0", 15) == 0, "user-agent seen by server: %s",
		      info->build);
		CHECK(info->uptime_seconds == 1234567890123LL, "uptime %lld",
		      (long long)info->uptime_seconds);
		CHECK(strcmp(info->database_version, "none (grpcio interop server)") == 0, "db %s",
		      info->database_version);
		CHECK(info->schema_version == 42, "schema %d", info->schema_version);
		CHECK(info->workers == 3, "workers %d", info->workers);
		CHECK(info->started_at && info->started_at->seconds == 1700000000 &&
		          info->started_at->nanos == 5,
		      "started_at");
		protobuf_c_message_free_unpacked(&info->base, NULL);
	}

	/* WatchServerInfo: three streamed messages */
	rc = passend_platform_watch_server_info(ch, 3, 10, on_info, &w,
	                                        &(passend_call_opts){.timeout_ms = 5000});
	print_status("Platform/WatchServerInfo", ch, rc);
	CHECK(rc == 0 && w.n == 3, "watch rc=%d n=%d", rc, w.n);
	CHECK(w.uptimes[0] == 1 && w.uptimes[1] == 2 && w.uptimes[2] == 3, "stream order");

	/* A stream the caller stops after 2 of 5 messages; the channel stays usable. */
	memset(&w, 0, sizeof w);
	w.stop_after = 2;
	rc = passend_platform_watch_server_info(ch, 5, 50, on_info, &w, NULL);
	print_status("WatchServerInfo (cancel)", ch, rc);
	CHECK(rc == PASSEND_ECANCELLED && w.n == 2 && passend_last_status(ch) == 1, "cancel rc=%d n=%d", rc,
	      w.n);

	/* Error status with a non-ASCII, percent-encoded message */
	rc = passend_call_unary(ch, "/passend.interop.Test/Fail", &req.base,
	                        &passend__v1__server_info__descriptor, &resp, NULL);
	print_status("Test/Fail", ch, rc);
	CHECK(rc == PASSEND_ESTATUS && resp == NULL, "fail rc=%d", rc);
	CHECK(passend_last_status(ch) == 9, "status %s", passend_status_name(passend_last_status(ch)));
	CHECK(strcmp(passend_last_message(ch), FAIL_MESSAGE) == 0, "message \"%s\"",
	      passend_last_message(ch));

	/* Unknown method: grpcio answers UNIMPLEMENTED */
	rc = passend_call_unary(ch, "/passend.interop.Test/Nope", &req.base,
	                        &passend__v1__server_info__descriptor, &resp, NULL);
	print_status("Test/Nope", ch, rc);
	CHECK(rc == PASSEND_ESTATUS && passend_last_status(ch) == 12, "unimplemented rc=%d", rc);

	/* Deadline: the server sleeps 5 s, we give it 300 ms */
	long long t0 = now_ms();
	rc = passend_call_unary(ch, "/passend.interop.Test/Sleep", &req.base,
	                        &passend__v1__server_info__descriptor, &resp,
	                        &(passend_call_opts){.timeout_ms = 300});
	long long took = now_ms() - t0;
	print_status("Test/Sleep (300 ms)", ch, rc);
	CHECK(rc == PASSEND_ETIMEOUT && passend_last_status(ch) == 4, "deadline rc=%d", rc);
	CHECK(took >= 250 && took < 2000, "deadline took %lld ms", took);

	/* Retries: Flaky fails UNAVAILABLE twice then succeeds. Not idempotent:
	 * no retry; idempotent: retried until OK. */
	rc = passend_call_unary(ch, "/passend.interop.Test/Flaky", &req.base,
	                        &passend__v1__server_info__descriptor, &resp, NULL);
	print_status("Test/Flaky (no retry)", ch, rc);
	CHECK(rc == PASSEND_ESTATUS && passend_last_status(ch) == 14, "flaky rc=%d", rc);
	rc = passend_call_unary(ch, "/passend.interop.Test/Flaky", &req.base,
	                        &passend__v1__server_info__descriptor, &resp,
	                        &(passend_call_opts){.timeout_ms = 5000, .idempotent = 1});
	print_status("Test/Flaky (idempotent)", ch, rc);
	CHECK(rc == 0 && resp, "flaky idempotent rc=%d", rc);
	if (resp) {
		CHECK(((Passend__V1__ServerInfo *)resp)->uptime_seconds == 3, "flaky attempts %lld",
		      (long long)((Passend__V1__ServerInfo *)resp)->uptime_seconds);
		protobuf_c_message_free_unpacked(resp, NULL);
		resp = NULL;
	}

	/* Raw call: the same health check with caller-encoded bytes */
	uint8_t *raw = NULL;
	size_t raw_len = 0;
	rc = passend_call_raw(ch, "/grpc.health.v1.Health/Check", (const uint8_t *)"", 0, &raw, &raw_len,
	                      NULL);
	print_status("Health/Check (raw)", ch, rc);
	CHECK(rc == 0 && raw_len == 2 && raw[0] == 0x08 && raw[1] == 0x01, "raw rc=%d len=%zu", rc, raw_len);
	free(raw);

	/* The server retires connections after ~1 s with GOAWAY: later calls
	 * (no retries allowed) must reconnect by themselves. */
	passend_channel_close(ch);
	o.max_retries = -1;
	rc = passend_channel_open(&ch, target, &o);
	CHECK(rc == 0, "open");
	for (int i = 0; rc == 0 && i < 3; i++) {
		status = -1;
		rc = passend_health_check(ch, "", &status, NULL);
		print_status("Health/Check (reconnect)", ch, rc);
		CHECK(rc == 0 && status == 1, "after GOAWAY rc=%d", rc);
		struct timespec ts = {1, 300000000};
		nanosleep(&ts, NULL);
	}
	passend_channel_close(ch);

	/* Without the token the server answers UNAUTHENTICATED. */
	o.token = NULL;
	rc = passend_channel_open(&ch, target, &o);
	CHECK(rc == 0, "open");
	if (rc == 0) {
		rc = passend_platform_get_server_info(ch, &info, NULL);
		print_status("GetServerInfo (no token)", ch, rc);
		CHECK(rc == PASSEND_ESTATUS && passend_last_status(ch) == 16, "unauthenticated rc=%d", rc);
		passend_channel_close(ch);
	}
}

static void test_tls_failures(const char *target, const char *ca, const char *other_ca)
{
	passend_channel *ch = NULL;
	int status;
	int rc;

	/* A CA that did not sign the server certificate */
	rc = passend_channel_open(&ch, target, &(passend_channel_opts){.ca_file = other_ca});
	CHECK(rc == 0, "open");
	rc = passend_health_check(ch, "", &status, NULL);
	print_status("wrong CA", ch, rc);
	CHECK(rc == PASSEND_ETLS, "wrong CA rc=%d", rc);
	CHECK(strstr(passend_last_error_detail(ch), "certificate verify failed: ") != NULL, "detail \"%s\"",
	      passend_last_error_detail(ch));
	CHECK(passend_last_status(ch) == 14, "status %d", passend_last_status(ch));
	passend_channel_close(ch);

	/* Right CA, wrong name */
	rc = passend_channel_open(&ch, target,
	                          &(passend_channel_opts){.ca_file = ca, .server_name = "wrong.example"});
	CHECK(rc == 0, "open");
	rc = passend_channel_connect(ch, 5000);
	print_status("wrong server name", ch, rc);
	CHECK(rc == PASSEND_ETLS && strstr(passend_last_error_detail(ch), "hostname mismatch"), "rc=%d", rc);
	passend_channel_close(ch);

	/* "localhost" is in the certificate as DNS name: SNI + host check pass */
	const char *colon = strrchr(target, ':');
	char byname[64];
	snprintf(byname, sizeof byname, "localhost%s", colon);
	rc = passend_channel_open(&ch, byname, &(passend_channel_opts){.ca_file = ca});
	CHECK(rc == 0, "open");
	rc = passend_health_check(ch, "", &status, NULL);
	print_status("by name localhost", ch, rc);
	CHECK(rc == 0 && status == 1, "localhost rc=%d", rc);
	passend_channel_close(ch);

	/* A port nobody listens on: ECONNECT, UNAVAILABLE */
	rc = passend_channel_open(&ch, "127.0.0.1:1",
	                          &(passend_channel_opts){.ca_file = ca, .max_retries = -1});
	CHECK(rc == 0, "open");
	rc = passend_health_check(ch, "", &status, NULL);
	print_status("closed port", ch, rc);
	CHECK(rc == PASSEND_ECONNECT && passend_last_status(ch) == 14, "closed port rc=%d", rc);
	passend_channel_close(ch);

	/* Bad arguments */
	CHECK(passend_channel_open(&ch, "no-port", NULL) == PASSEND_EINVAL, "target without port");
	CHECK(passend_channel_open(&ch, "[::1]:", NULL) == PASSEND_EINVAL, "empty port");
}

/* A listener that never accepts: the kernel completes TCP handshakes, but no
 * byte ever comes back, so only our own deadline can end a call. */
static int blackhole(char *target, size_t n)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 16) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return -1;
	snprintf(target, n, "127.0.0.1:%d", ntohs(a.sin_port));
	return fd;
}

/* A health check with a 300 ms deadline against the silent server at target
 * ends with DEADLINE_EXCEEDED after about that long. */
static void check_silent_deadline(const char *what, const char *target, const passend_channel_opts *opts)
{
	passend_channel *ch = NULL;
	int status;
	int rc = passend_channel_open(&ch, target, opts);
	CHECK(rc == 0, "open");
	long long t0 = now_ms();
	rc = passend_health_check(ch, "", &status, &(passend_call_opts){.timeout_ms = 300});
	long long took = now_ms() - t0;
	print_status(what, ch, rc);
	CHECK(rc == PASSEND_ETIMEOUT && passend_last_status(ch) == 4, "rc=%d", rc);
	CHECK(took >= 250 && took < 2000, "took %lld ms", took);
	passend_channel_close(ch);
}

static void test_local_deadlines(const char *ca)
{
	passend_channel *ch = NULL;
	char target[64];
	int fd = blackhole(target, sizeof target);
	int rc;

	CHECK(fd >= 0, "blackhole listener");
	if (fd < 0) return;
	/* TLS: the handshake never completes; the call deadline ends it. */
	check_silent_deadline("silent server (TLS)", target, &(passend_channel_opts){.ca_file = ca});
	/* h2c: the stream is open and unanswered; we reset it at the deadline. */
	check_silent_deadline("silent server (h2c stream)", target,
	                      &(passend_channel_opts){.insecure_plaintext = 1});
	/* Connect timeout without a call deadline: reported as ETLS (handshake) */
	rc = passend_channel_open(&ch, target,
	                          &(passend_channel_opts){.ca_file = ca, .connect_timeout_ms = 200});
	CHECK(rc == 0, "open");
	rc = passend_channel_connect(ch, 0);
	print_status("silent server (connect)", ch, rc);
	CHECK(rc == PASSEND_ETLS && strstr(passend_last_error_detail(ch), "timed out"), "rc=%d", rc);
	passend_channel_close(ch);
	close(fd);
}

/* Streaming calls against grpc-core's server: client-streaming Collect and
 * bidirectional Chat (grpcio_server.py). */
static void test_streams(const char *target, const char *ca)
{
	passend_channel_opts o = {.ca_file = ca, .server_name = "localhost"};
	passend_call_opts co = {.timeout_ms = 20000};
	passend_channel *ch = NULL;
	passend_stream *s = NULL;
	ProtobufCMessage *m = NULL;
	char version[32];
	int rc;

	CHECK(passend_channel_open(&ch, target, &o) == 0, "open");
	rc = passend_stream_open(ch, "/passend.interop.Test/Collect", &passend__v1__server_info__descriptor,
	                         &co, &s);
	for (int i = 0; i < 100 && rc == 0; i++) {
		Passend__V1__ServerInfo in = PASSEND__V1__SERVER_INFO__INIT;
		in.uptime_seconds = i;
		rc = passend_stream_send(s, &in.base);
	}
	if (rc == 0) rc = passend_stream_close_and_recv(s, &m);
	print_status("Collect (client-streaming)", ch, rc);
	const Passend__V1__ServerInfo *sum = (const Passend__V1__ServerInfo *)m;
	CHECK(rc == 0 && sum && sum->workers == 100 && sum->uptime_seconds == 4950, "rc=%d", rc);
	if (m) protobuf_c_message_free_unpacked(m, NULL);
	passend_stream_free(s);

	s = NULL;
	rc = passend_stream_open(ch, "/passend.interop.Test/Chat", &passend__v1__server_info__descriptor, &co,
	                         &s);
	int rounds = 0;
	for (int i = 0; i < 20 && rc == 0; i++) {
		Passend__V1__ServerInfo in = PASSEND__V1__SERVER_INFO__INIT;
		snprintf(version, sizeof version, "v%d", i);
		in.version = version;
		in.uptime_seconds = i;
		m = NULL;
		if ((rc = passend_stream_send(s, &in.base)) == 0) rc = passend_stream_recv(s, &m);
		const Passend__V1__ServerInfo *back = (const Passend__V1__ServerInfo *)m;
		char want[40];
		snprintf(want, sizeof want, "echo:v%d", i);
		if (rc == 0 && back && strcmp(back->version, want) == 0 && back->uptime_seconds == i)
			rounds++;
		if (m) protobuf_c_message_free_unpacked(m, NULL);
	}
	(void)passend_stream_close_send(s);
	m = NULL;
	if (rc == 0) rc = passend_stream_recv(s, &m);
	print_status("Chat (bidirectional)", ch, rc);
	CHECK(rounds == 20 && rc == 0 && !m && passend_last_status(ch) == 0, "rounds=%d rc=%d", rounds, rc);
	passend_stream_free(s);
	passend_channel_close(ch);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s HOST:PORT CA_FILE OTHER_CA_FILE\n", argv[0]);
		return 2;
	}
	test_calls(argv[1], argv[2]);
	test_tls_failures(argv[1], argv[2], argv[3]);
	test_local_deadlines(argv[2]);
	test_streams(argv[1], argv[2]);
	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	printf("all libpassend interop checks passed\n");
	return 0;
}
