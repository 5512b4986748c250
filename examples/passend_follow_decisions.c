/* passend_follow_decisions: a program a school-system vendor can copy that
 * follows the decisions passend makes about its pupils (TLVs, arrangements,
 * MDOs) through libpassend's change-feed consumer (passend/feed.h), keeping
 * its place in a cursor file so that a restart of this program, of passendd
 * or of PostgreSQL loses and repeats nothing. Data goes the other way with
 * the existing calls (passend_bestuur_import_file for a CSV export, or the
 * passend_werkgebied_create_* stubs).
 *
 * Build:  cc passend_follow_decisions.c $(pkg-config --cflags --libs libpassend)
 * Run:    PASSEND_CA=ca.pem PASSEND_TOKEN=<school token> ./a.out 127.0.0.1:7443 cursor.txt
 *         [--import leerlingen.csv]   push a pupil export first (kind LEERLINGEN)
 * Stop with Ctrl-C; run again and it goes on after the last decision it printed. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <passend/feed.h>
#include <passend/passend.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Your system's work per decision: here, one line on stdout. Return 0 to go
 * on. In production, store the decision and the cursor (c->cursor) in one
 * database transaction: then each decision is handled exactly once. */
static int on_change(void *arg, const Passend__V1__Change *c)
{
	(void)arg;
	printf("%s %s %s leerling=%s school=%s %s\n", c->kind, c->status, c->object_id, c->leerling_id,
	       c->school_id, c->detail_json);
	fflush(stdout);
	return 0;
}

/* Persist the cursor (write a temporary file, then rename: never half a cursor). */
static int save_cursor(void *arg, const char *cursor)
{
	const char *path = arg;
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f) return -1;
	int bad = fprintf(f, "%s\n", cursor) < 0;
	bad |= fclose(f) != 0;
	return bad || rename(tmp, path) != 0 ? -1 : 0;
}

static int load_cursor(void *arg, char *dst, size_t n)
{
	FILE *f = fopen((const char *)arg, "r");
	if (!f) return 1; /* none yet: start at the oldest decision */
	int ok = fgets(dst, (int)n, f) != NULL;
	fclose(f);
	if (!ok) return 1;
	dst[strcspn(dst, "\r\n")] = '\0';
	return dst[0] ? 0 : 1;
}

static int on_disconnect(void *arg, int rc, int status, const char *message, int64_t retry_in_ms)
{
	(void)arg;
	fprintf(stderr, "feed interrupted (%s / %s: %s), resuming in %lld ms\n", passend_strerror(rc),
	        passend_status_name(status), message, (long long)retry_in_ms);
	return 0;
}

int main(int argc, char **argv)
{
	const char *target = argc > 1 ? argv[1] : getenv("PASSEND_SERVER");
	const char *cursor_file = argc > 2 ? argv[2] : "passend-cursor.txt";
	const char *import = argc > 4 && strcmp(argv[3], "--import") == 0 ? argv[4] : NULL;
	if (!target) {
		fprintf(stderr, "usage: %s HOST:PORT [CURSOR_FILE] [--import LEERLINGEN.csv]\n", argv[0]);
		return 2;
	}
	passend_channel *ch;
	passend_channel_opts o = {.ca_file = getenv("PASSEND_CA"), .token = getenv("PASSEND_TOKEN")};
	if (passend_channel_open(&ch, target, &o) != 0) {
		fprintf(stderr, "cannot create the channel\n");
		return 2;
	}
	if (import) {
		/* Push: the existing CSV import (docs/import.md). */
		Passend__V1__ImportStatus *st = NULL;
		int rc = passend_bestuur_import_file(ch, PASSEND__V1__IMPORT_KIND__IMPORT_LEERLINGEN, import,
		                                     0, NULL, NULL, &st, NULL);
		if (rc != 0) {
			fprintf(stderr, "import: %s: %s\n", passend_strerror(rc), passend_last_message(ch));
			passend_channel_close(ch);
			return rc == PASSEND_ESTATUS ? 1 : 3;
		}
		printf("import: %s\n", st->committed ? "committed" : "not committed (see its errors)");
		protobuf_c_message_free_unpacked(&st->base, NULL);
	}
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	passend_feed_opts f = {
	    .on_change = on_change,
	    .save_cursor = save_cursor,
	    .load_cursor = load_cursor,
	    .on_disconnect = on_disconnect,
	    .arg = (void *)cursor_file,
	    .stop = &stop,
	};
	/* Runs until Ctrl-C; errors a retry cannot fix (a toezicht token, a
	 * revoked token, a bad cursor file) end it. */
	int rc = passend_feed_run(ch, &f);
	if (rc != 0 && rc != PASSEND_ECANCELLED)
		fprintf(stderr, "feed: %s: %s %s\n", passend_strerror(rc),
		        passend_status_name(passend_last_status(ch)), passend_last_message(ch));
	passend_channel_close(ch);
	return rc == 0 ? 0 : rc == PASSEND_ESTATUS ? 1 : 3;
}
