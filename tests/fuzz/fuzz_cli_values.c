/* fuzz_cli_values: the value parsers of the `passend` CLI (the "value
 * parsing" part of client/cli/cli.h, and cli_parse_duration): dates,
 * month-days, spans, instants, durations, enum names and comma lists. The
 * first input byte picks the parser (and for enums the enum), the rest is
 * the value. Checked: what a parser accepts is in range and, where the
 * format is canonical, prints back as the input; instants with a zone
 * agree with timegm(3). Enums are every enum reachable from the services'
 * request and response messages, so new ones are fuzzed too. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "fuzz.h"
#include "grpc/health/v1/health.pb-c.h"
#include "passend/v1/bestuur.pb-c.h"
#include "passend/v1/platform.pb-c.h"
#include "passend/v1/rapportage.pb-c.h"
#include "passend/v1/tenancy.pb-c.h"
#include "passend/v1/toezicht.pb-c.h"
#include "passend/v1/werkgebied.pb-c.h"

static const ProtobufCServiceDescriptor *const services[] = {
    &passend__v1__platform__descriptor,   &passend__v1__tenancy__descriptor,
    &passend__v1__bestuur__descriptor,    &passend__v1__toezicht__descriptor,
    &passend__v1__werkgebied__descriptor, &passend__v1__rapportage__descriptor,
    &grpc__health__v1__health__descriptor};

#define MAX_SEEN 512
static const void *seen[MAX_SEEN];
static size_t nseen;
static const ProtobufCEnumDescriptor *enums[MAX_SEEN];
static size_t nenums;

static int visit(const void *d)
{
	for (size_t i = 0; i < nseen; i++)
		if (seen[i] == d) return 0;
	if (nseen == MAX_SEEN) return 0;
	seen[nseen++] = d;
	return 1;
}

static void walk(const ProtobufCMessageDescriptor *m)
{
	if (!visit(m)) return;
	for (unsigned i = 0; i < m->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &m->fields[i];
		if (f->type == PROTOBUF_C_TYPE_MESSAGE)
			walk(f->descriptor);
		else if (f->type == PROTOBUF_C_TYPE_ENUM && visit(f->descriptor) && nenums < MAX_SEEN)
			enums[nenums++] = f->descriptor;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	for (size_t s = 0; s < sizeof services / sizeof services[0]; s++)
		for (unsigned i = 0; i < services[s]->n_methods; i++) {
			walk(services[s]->methods[i].input);
			walk(services[s]->methods[i].output);
		}
	if (nenums == 0) abort();
	setenv("TZ", "Europe/Amsterdam", 1);
	tzset();
	return 0;
}

static void check_date(const char *s)
{
	Passend__V1__Date d = PASSEND__V1__DATE__INIT;
	if (cli_parse_date(s, &d) != 0) return;
	char back[32];
	snprintf(back, sizeof back, "%04d-%02d-%02d", d.year, d.month, d.day);
	FUZZ_CHECK(strcmp(back, s) == 0, "a date does not print back as given");
}

static void check_month_day(const char *s)
{
	Passend__V1__MonthDay d = PASSEND__V1__MONTH_DAY__INIT;
	if (cli_parse_month_day(s, &d) != 0) return;
	char back[32];
	snprintf(back, sizeof back, "%02d-%02d", d.month, d.day);
	FUZZ_CHECK(strcmp(back, s) == 0, "a month-day does not print back as given");
}

static void check_span(const char *s)
{
	int64_t secs;
	if (cli_parse_span(s, &secs) != 0) return;
	FUZZ_CHECK(secs >= 0 && secs <= 100LL * 366 * 86400, "span out of range");
}

/* With an explicit zone the instant is exact: compare with timegm. */
static void check_instant(const char *s)
{
	int64_t secs;
	const int64_t now = 1700000000;
	if (cli_parse_instant(s, now, -1, &secs) != 0) return;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	char sep;
	size_t len = strlen(s);
	if (len < 11 || (s[len - 1] != 'Z' && s[len - 1] != 'z')) return;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return;
	if (len > 11 && sscanf(s + 10, "%c%2d:%2d", &sep, &h, &mi) == 3 && len == 20) sec = atoi(s + 17);
	struct tm tm = {
	    .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = sec};
	FUZZ_CHECK((int64_t)timegm(&tm) == secs, "instant differs from timegm");
}

static void check_duration(const char *s)
{
	int64_t ms;
	if (cli_parse_duration(s, &ms) != 0) return;
	FUZZ_CHECK(ms >= 0 && ms <= 1000000000000000LL + 1, "duration out of range");
}

static void check_list(const char *s)
{
	char **items;
	size_t n;
	if (cli_split_list(s, &items, &n) != 0) return;
	size_t commas = 0;
	for (const char *c = s; *c; c++)
		commas += *c == ',';
	FUZZ_CHECK(n == commas + 1, "list item count differs from the commas");
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(items[i]);
		FUZZ_CHECK(l > 0 && !strchr(items[i], ','), "empty list item or one with a comma");
		FUZZ_CHECK(items[i][0] != ' ' && items[i][l - 1] != ' ', "list item not trimmed");
	}
	cli_list_free(items, n);
}

static void check_enum(const ProtobufCEnumDescriptor *d, const char *s)
{
	int v;
	char choices[4096];
	if (cli_enum_choices(d, "|", choices, sizeof choices) != 0) choices[0] = '\0';
	if (cli_enum_parse(d, s, &v) != 0) return;
	FUZZ_CHECK(v != 0 && protobuf_c_enum_descriptor_get_value(d, v), "enum value not in the enum");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 4096) return 0;
	uint8_t pick = data[0];
	char *s = malloc(size); /* the value, NUL-terminated (cut at a NUL byte) */
	if (!s) abort();
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (pick % 8) {
	case 0:
		check_date(s);
		break;
	case 1:
		check_month_day(s);
		break;
	case 2:
		check_span(s);
		break;
	case 3:
		check_instant(s);
		break;
	case 4:
		check_duration(s);
		break;
	case 5:
		check_list(s);
		break;
	case 6:
		check_enum(enums[(pick / 8) % nenums], s);
		break;
	default: /* the same value through every parser */
		check_date(s);
		check_month_day(s);
		check_span(s);
		check_instant(s);
		check_duration(s);
		check_list(s);
		for (size_t i = 0; i < nenums; i++)
			check_enum(enums[i], s);
		break;
	}
	free(s);
	return 0;
}
