/* passend_sync_example: the smallest complete libpassend program a school
 * administration system can copy. It opens one channel, checks that passend
 * is serving, reads the server information and follows a stream, handling
 * every error the way production code should.
 *
 * Build:  cc passend_sync_example.c $(pkg-config --cflags --libs libpassend)
 * Run:    PASSEND_CA=ca.pem PASSEND_TOKEN=... ./a.out 127.0.0.1:7443 */
#include <stdio.h>
#include <stdlib.h>

#include <passend/passend.h>

/* Print why a call failed. Returns the exit code the caller should use:
 * 1 when the server answered with an error, 3 when it could not be reached. */
static int report(passend_channel *ch, const char *what, int rc)
{
	if (rc == PASSEND_ESTATUS) {
		/* The server answered: a gRPC status code and a message meant for people. */
		fprintf(stderr, "%s: %s: %s\n", what, passend_status_name(passend_last_status(ch)),
		        passend_last_message(ch));
		return 1;
	}
	/* Transport problem: no answer (connect, TLS, deadline, ...). */
	fprintf(stderr, "%s: %s (%s)\n", what, passend_strerror(rc), passend_last_error_detail(ch));
	return 3;
}

static int print_info(void *arg, const ProtobufCMessage *msg)
{
	const Passend__V1__ServerInfo *info = (const Passend__V1__ServerInfo *)msg;
	int *seen = arg;

	(*seen)++;
	printf("  watch %d: uptime %lld s\n", *seen, (long long)info->uptime_seconds);
	return 0; /* non-zero would cancel the stream */
}

int main(int argc, char **argv)
{
	const char *target = argc > 1 ? argv[1] : getenv("PASSEND_SERVER");
	passend_channel_opts opts = {0};
	passend_channel *ch = NULL;
	Passend__V1__ServerInfo *info = NULL;
	/* Every call gets a deadline; reads are safe to repeat, so allow retries. */
	passend_call_opts read_call = {.timeout_ms = 5000, .idempotent = 1};
	int status = 0;
	int seen = 0;
	int rc;

	if (!target) {
		fprintf(stderr, "usage: %s HOST:PORT (or set PASSEND_SERVER)\n", argv[0]);
		return 2;
	}
	opts.ca_file = getenv("PASSEND_CA");  /* NULL: the system trust store */
	opts.token = getenv("PASSEND_TOKEN"); /* sent as authorization: Bearer ... */

	/* One channel per thread; it connects on first use and reconnects by itself. */
	rc = passend_channel_open(&ch, target, &opts);
	if (rc < 0) {
		fprintf(stderr, "bad server address %s: %s\n", target, passend_strerror(rc));
		return 2;
	}

	rc = passend_health_check(ch, "", &status, &read_call);
	if (rc < 0) {
		int code = report(ch, "health check", rc);
		passend_channel_close(ch);
		return code;
	}
	printf("health: %s\n", status == 1 ? "SERVING" : "NOT_SERVING");

	rc = passend_platform_get_server_info(ch, &info, &read_call);
	if (rc < 0) {
		int code = report(ch, "server info", rc);
		passend_channel_close(ch);
		return code;
	}
	printf("server version %s, schema %d, database %s\n", info->version, info->schema_version,
	       info->database_version);
	protobuf_c_message_free_unpacked(&info->base, NULL); /* responses belong to the caller */

	rc = passend_platform_watch_server_info(ch, 2, 100, print_info, &seen,
	                                        &(passend_call_opts){.timeout_ms = 5000});
	if (rc < 0) {
		int code = report(ch, "watch server info", rc);
		passend_channel_close(ch);
		return code;
	}

	passend_channel_close(ch);
	return 0;
}
