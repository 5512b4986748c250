/* ledger_client: a write load through libpassend that records every answer,
 * for the write ledger under faults (test_ledger.sh, bench/ledger.sh).
 * Writer threads send SubmitTlvAanvraag with request ids and let libpassend
 * retry (D8); a prober retries one request id every few ms, so the log shows
 * when the service accepts writes again. One line per final answer:
 *   ack K TLV_ID T_START_MS T_END_MS THREAD ATTEMPTS
 *   nack K STATUS T_START_MS T_END_MS THREAD ATTEMPTS MESSAGE
 * (times CLOCK_REALTIME ms). usage: see usage() below. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "passend/passend.h"

struct opts {
	const char *server, *ca, *token, *pupils_file, *log_file, *prefix, *resubmit;
	int threads;
	long count;       /* stop after this many requests (0: until SIGTERM/SIGINT) */
	int probe_ms;     /* prober period (0: no prober) */
	int max_retries;  /* libpassend retries of the writers */
	int64_t retry_ms; /* first backoff */
	int64_t timeout_ms;
};

static struct opts o = {.threads = 4, .max_retries = 12, .retry_ms = 25, .timeout_ms = 30000};
static char **pupils;
static long npupils;
static atomic_long next_k;
static volatile sig_atomic_t stopping;
static FILE *ledger_log;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static long *todo; /* --resubmit: the request numbers to send again */
static long ntodo;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* The request number a thread sends next, or -1 when there is nothing left. */
static long take(void)
{
	long i = atomic_fetch_add(&next_k, 1);
	if (todo) return i < ntodo ? todo[i] : -1;
	if (stopping || (o.count > 0 && i >= o.count)) return -1;
	return i;
}

/* Request k is a function of k alone, so a resubmission sends the same
 * request: pupil k mod n, aanvraagdatum 2017-01-02 + k / n days. */
static void fill(Passend__V1__SubmitTlvAanvraagRequest *r, Passend__V1__Date *d, long k, char *rid,
                 size_t len)
{
	struct tm tm = {.tm_year = 117, .tm_mon = 0, .tm_mday = 2 + (int)(k / npupils), .tm_hour = 12};
	timegm(&tm); /* normalises the day into month and year */
	passend__v1__submit_tlv_aanvraag_request__init(r);
	passend__v1__date__init(d);
	d->year = tm.tm_year + 1900;
	d->month = tm.tm_mon + 1;
	d->day = tm.tm_mday;
	snprintf(rid, len, "%s-%ld", o.prefix, k);
	r->leerling_id = pupils[k % npupils];
	r->herkomst = "basisonderwijs";
	r->gevraagde_soort = PASSEND__V1__SCHOOL_SOORT__SBO;
	r->aanvraagdatum = d;
	r->ouders_toestemming = 1;
	r->groeidocument = r->opp = r->verslag_mdo = 1;
	r->request_id = rid;
}

static void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void log_line(const char *fmt, ...)
{
	va_list ap;
	pthread_mutex_lock(&log_mu);
	va_start(ap, fmt);
	vfprintf(ledger_log, fmt, ap);
	va_end(ap);
	fflush(ledger_log);
	pthread_mutex_unlock(&log_mu);
}

/* One message on one line: the log is split on spaces and newlines. */
static void one_line(const char *in, char *out, size_t len)
{
	size_t i = 0;
	for (; in[i] && i + 1 < len; i++)
		out[i] = (in[i] == '\n' || in[i] == '\r') ? ' ' : in[i];
	out[i] = '\0';
}

struct worker {
	pthread_t th;
	int id;
	int prober;
	passend_channel *ch;
};

static int open_channel(struct worker *w)
{
	passend_channel_opts co = {0};
	co.ca_file = o.ca;
	co.token = o.token;
	/* the prober repeats by itself, every probe_ms, with the same request id */
	co.max_retries = w->prober ? -1 : o.max_retries;
	co.retry_base_ms = o.retry_ms;
	return passend_channel_open(&w->ch, o.server, &co);
}

static void *run(void *arg)
{
	struct worker *w = arg;
	passend_call_opts co = {.timeout_ms = o.timeout_ms};
	long k;

	while ((k = take()) >= 0) {
		Passend__V1__SubmitTlvAanvraagRequest req;
		Passend__V1__Date d;
		Passend__V1__Tlv *out = NULL;
		char rid[96], msg[256];
		long long t0 = now_ms();
		int attempts = 0, rc;

		fill(&req, &d, k, rid, sizeof rid);
		for (;;) {
			attempts++;
			rc = passend_bestuur_submit_tlv_aanvraag(w->ch, &req, &out, &co);
			if (rc == 0 || !w->prober || stopping) break;
			sleep_ms(o.probe_ms);
		}
		if (rc == 0) {
			log_line("ack %ld %s %lld %lld %d %d\n", k, out->id, t0, now_ms(), w->id, attempts);
			protobuf_c_message_free_unpacked(&out->base, NULL);
		} else {
			one_line(passend_last_message(w->ch), msg, sizeof msg);
			log_line("nack %ld %s %lld %lld %d %d %s\n", k,
			         passend_status_name(passend_last_status(w->ch)), t0, now_ms(), w->id,
			         attempts, msg);
		}
	}
	return NULL;
}

/* The request numbers of the nack lines of a ledger log (for --resubmit). */
static int read_nacks(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	long cap = 0;
	if (!f) return -1;
	while (fgets(line, sizeof line, f)) {
		long k;
		if (sscanf(line, "nack %ld ", &k) != 1) continue;
		if (ntodo == cap) {
			cap = cap ? cap * 2 : 256;
			long *t = realloc(todo, (size_t)cap * sizeof *t);
			if (!t) {
				fclose(f);
				return -1;
			}
			todo = t;
		}
		todo[ntodo++] = k;
	}
	fclose(f);
	if (!todo) todo = calloc(1, sizeof *todo); /* nothing to resend is still resubmit mode */
	return todo ? 0 : -1;
}

static int read_pupils(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[128];
	long cap = 0;
	if (!f) return -1;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0]) continue;
		if (npupils == cap) {
			cap = cap ? cap * 2 : 256;
			char **p = realloc(pupils, (size_t)cap * sizeof *p);
			if (!p) break;
			pupils = p;
		}
		if (!(pupils[npupils] = strdup(line))) break;
		npupils++;
	}
	fclose(f);
	return npupils > 0 ? 0 : -1;
}

static void usage(void)
{
	fprintf(stderr,
	        "usage: ledger_client --server HOST:PORT --ca CA --token TOKEN --pupils FILE --log FILE\n"
	        "         --prefix RUN [--threads 4] [--count N] [--probe-ms MS] [--max-retries 12]\n"
	        "         [--retry-ms 25] [--timeout-ms 30000] [--resubmit LEDGER_LOG]\n"
	        "Sends SubmitTlvAanvraag (request id RUN-K) until SIGTERM/SIGINT or N requests;\n"
	        "--resubmit sends the nack'ed requests of an earlier log once more.\n");
}

static int parse(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v) return -1;
		i++;
		if (!strcmp(a, "--server"))
			o.server = v;
		else if (!strcmp(a, "--ca"))
			o.ca = v;
		else if (!strcmp(a, "--token"))
			o.token = v;
		else if (!strcmp(a, "--pupils"))
			o.pupils_file = v;
		else if (!strcmp(a, "--log"))
			o.log_file = v;
		else if (!strcmp(a, "--prefix"))
			o.prefix = v;
		else if (!strcmp(a, "--resubmit"))
			o.resubmit = v;
		else if (!strcmp(a, "--threads"))
			o.threads = atoi(v);
		else if (!strcmp(a, "--count"))
			o.count = atol(v);
		else if (!strcmp(a, "--probe-ms"))
			o.probe_ms = atoi(v);
		else if (!strcmp(a, "--max-retries"))
			o.max_retries = atoi(v);
		else if (!strcmp(a, "--retry-ms"))
			o.retry_ms = atol(v);
		else if (!strcmp(a, "--timeout-ms"))
			o.timeout_ms = atol(v);
		else
			return -1;
	}
	if (!o.server || !o.ca || !o.token || !o.pupils_file || !o.log_file || !o.prefix) return -1;
	return o.threads >= 1 && o.threads <= 256 ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct worker *ws;
	int nw, rc = 0;

	if (parse(argc, argv) != 0) {
		usage();
		return 2;
	}
	if (read_pupils(o.pupils_file) != 0) {
		fprintf(stderr, "ledger_client: no pupil ids in %s\n", o.pupils_file);
		return 2;
	}
	if (o.resubmit && read_nacks(o.resubmit) != 0) {
		fprintf(stderr, "ledger_client: cannot read %s\n", o.resubmit);
		return 2;
	}
	if (!(ledger_log = fopen(o.log_file, "a"))) {
		fprintf(stderr, "ledger_client: cannot open %s\n", o.log_file);
		return 2;
	}
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	nw = o.threads + (o.probe_ms > 0 && !o.resubmit);
	ws = calloc((size_t)nw, sizeof *ws);
	if (!ws) return 1;
	for (int i = 0; i < nw; i++) {
		ws[i].id = i;
		ws[i].prober = i == o.threads;
		if (open_channel(&ws[i]) != 0 || pthread_create(&ws[i].th, NULL, run, &ws[i]) != 0) {
			fprintf(stderr, "ledger_client: cannot start thread %d\n", i);
			stopping = 1;
			nw = i;
			rc = 1;
			if (ws[i].ch) passend_channel_close(ws[i].ch);
			break;
		}
	}
	for (int i = 0; i < nw; i++) {
		pthread_join(ws[i].th, NULL);
		passend_channel_close(ws[i].ch);
	}
	free(ws);
	fclose(ledger_log);
	for (long i = 0; i < npupils; i++)
		free(pupils[i]);
	free(pupils);
	free(todo);
	return rc;
}
