/* passend_follow_decisions: a program a school-system vendor can copy that
 * pushes its CSV export to passend through libpassend's batch-upsert helper
 * (passend/sync_upsert.h: chunks, retries with the same request ids, a
 * result per record) and then follows the decisions passend makes about its
 * pupils (TLVs, arrangements, MDOs) through the change-feed consumer
 * (passend/feed.h), keeping its place in a cursor file so that a restart of
 * this program, of passendd or of PostgreSQL loses and repeats nothing.
 *
 * Build:  cc passend_follow_decisions.c $(pkg-config --cflags --libs libpassend)
 * Run:    PASSEND_CA=ca.pem PASSEND_TOKEN=<school token> ./a.out 127.0.0.1:7443 cursor.txt
 *         [--push KIND FILE.csv SOURCE]   upsert an export first, e.g. leerlingen
 *                                         leerlingen.csv parnassys (header: the columns)
 * Stop with Ctrl-C; run again and it goes on after the last decision it printed. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <passend/feed.h>
#include <passend/passend.h>
#include <passend/sync_upsert.h>

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

/* ---- pushing an export ---------------------------------------------------------- */

/* A CSV file in memory: its rows of fields (RFC 4180: quotes, "" inside
 * quotes, CRLF), all pointing into one buffer. */
typedef struct csv {
	char *text;
	char **fields;
	size_t nfields, cap, ncols;
} csv;

static int csv_add(csv *c, char *field)
{
	if (c->nfields == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		char **f = realloc(c->fields, cap * sizeof *f);
		if (!f) return -1;
		c->fields = f;
		c->cap = cap;
	}
	c->fields[c->nfields++] = field;
	return 0;
}

/* Read path; the first row names the columns. Returns the number of data
 * rows, or -1 (unreadable, or a row with another number of fields). */
static long csv_read(csv *c, const char *path, uint64_t *hash)
{
	FILE *f = fopen(path, "rb");
	if (!f) return -1;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char *t = realloc(c->text, (cap + 4096) * 2);
			if (!t) { /* a file read in part must not be pushed as if whole */
				fclose(f);
				return -1;
			}
			c->text = t;
			cap = (cap + 4096) * 2;
		}
		size_t n = fread(c->text + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0) break;
	}
	fclose(f);
	if (!c->text) return -1;
	c->text[len] = '\0';
	*hash = 1469598103934665603ull; /* FNV-1a of the bytes: the same file, the same request ids */
	for (size_t i = 0; i < len; i++)
		*hash = (*hash ^ (unsigned char)c->text[i]) * 1099511628211ull;
	size_t row_start = 0;
	char *out = c->text, *in = c->text, *field = out;
	while (*in) {
		int quoted = *in == '"';
		if (quoted) in++;
		for (; *in; in++) {
			if (quoted && *in == '"' && in[1] == '"')
				*out++ = *in++;
			else if (quoted && *in == '"')
				quoted = 0;
			else if (!quoted && (*in == ',' || *in == '\n' || *in == '\r'))
				break;
			else
				*out++ = *in;
		}
		char end = *in;
		if (*in) in++; /* past the delimiter before the field's end overwrites it */
		if (end == '\r' && *in == '\n') in++;
		*out++ = '\0';
		if (csv_add(c, field) != 0) return -1;
		field = out;
		if (end != ',') { /* end of a row */
			size_t n = c->nfields - row_start;
			if (n == 1 && !*c->fields[row_start] && c->ncols != 1) { /* a blank line */
				c->nfields = row_start;
				continue;
			}
			if (!c->ncols) c->ncols = n;
			if (n != c->ncols) return -1;
			row_start = c->nfields;
		}
	}
	return c->ncols ? (long)(c->nfields / c->ncols) - 1 : -1;
}

/* A record's result: the errors, with their line in the file. */
static void on_result(void *arg, size_t record, const Passend__V1__UpsertResult *r)
{
	(void)arg;
	if (r->outcome == PASSEND__V1__UPSERT_OUTCOME__UPSERT_ERROR)
		printf("line %zu (%s): %s %s\n", record + 2, r->external_id, r->field, r->message);
}

/* Upsert every row of path as records of kind from source. Returns 0, or the
 * exit code. */
static int push(passend_channel *ch, const char *kind, const char *path, const char *source)
{
	csv c = {0};
	uint64_t hash;
	long n = csv_read(&c, path, &hash);
	if (n < 0) {
		fprintf(stderr, "%s: cannot read it as CSV with a header row\n", path);
		free(c.text);
		free(c.fields);
		return 2;
	}
	/* Request ids from the kind, the source and the file's bytes: running the
	 * same push again after a crash writes nothing twice. */
	char prefix[160];
	snprintf(prefix, sizeof prefix, "%.40s-%.60s-%016llx", kind, source, (unsigned long long)hash);
	passend_upsert_opts o = {.chunk_records = 2000, .request_id_prefix = prefix};
	passend_upsert_summary sum;
	int rc = passend_sync_upsert(ch, kind, source, (const char *const *)c.fields, c.ncols,
	                             (const char *const *)c.fields + c.ncols, (size_t)n, &o, on_result, NULL,
	                             &sum);
	free(c.text);
	free(c.fields);
	if (rc != 0) {
		fprintf(stderr, "push: %s: %s %s\n", passend_strerror(rc),
		        passend_status_name(passend_last_status(ch)), passend_last_message(ch));
		return rc == PASSEND_ESTATUS ? 1 : 3;
	}
	printf("push %s: %ld records: %zu created, %zu updated, %zu unchanged, %zu errors (%zu chunks, %zu "
	       "retries)\n",
	       kind, n, sum.created, sum.updated, sum.unchanged, sum.errors, sum.chunks, sum.retries);
	fflush(stdout);
	return 0;
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
	int pushing = argc > 6 && strcmp(argv[3], "--push") == 0;
	if (!target || (argc > 3 && !pushing)) {
		fprintf(stderr, "usage: %s HOST:PORT [CURSOR_FILE] [--push KIND FILE.csv SOURCE]\n", argv[0]);
		return 2;
	}
	passend_channel *ch;
	passend_channel_opts o = {.ca_file = getenv("PASSEND_CA"), .token = getenv("PASSEND_TOKEN")};
	if (passend_channel_open(&ch, target, &o) != 0) {
		fprintf(stderr, "cannot create the channel\n");
		return 2;
	}
	if (pushing) {
		/* Push: the export, upserted by the school system's own ids. */
		int rc = push(ch, argv[4], argv[5], argv[6]);
		if (rc != 0) {
			passend_channel_close(ch);
			return rc;
		}
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
